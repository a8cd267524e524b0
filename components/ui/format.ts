/** Display helpers (UTC-independent: the browser's locale and time zone). */
export function formatTime(ms: number, withDate = false): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return withDate
    ? `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`
    : time;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${Math.round((ms % 60_000) / 1000)}s`;
}

/** A chart axis label: never wraps (SVG text breaks on spaces; a no-break space keeps "1m 20s" whole). */
export const axisLabel = (text: string): string => text.replaceAll(' ', '\u00a0');

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'ms') return formatDuration(value);
  const abs = Math.abs(value);
  const text =
    abs >= 1e6
      ? `${(value / 1e6).toFixed(1)}M`
      : abs >= 1e3
        ? `${(value / 1e3).toFixed(1)}k`
        : abs >= 10
          ? value.toFixed(0)
          : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

export const LEVEL_TONE: Record<string, string> = {
  FATAL: 'text-red-700 dark:text-red-400',
  ERROR: 'text-red-700 dark:text-red-400',
  WARN: 'text-amber-800 dark:text-amber-300',
  INFO: 'text-sky-700 dark:text-sky-300',
  DEBUG: 'text-muted',
  TRACE: 'text-muted',
};

export const LEVEL_FILL: Record<string, string> = {
  ERROR: '#dc2626',
  FATAL: '#991b1b',
  WARN: '#d97706',
  INFO: '#0284c7',
  DEBUG: '#a1a1aa',
  TRACE: '#d4d4d8',
};

/** Bytes in binary units: 1.5 KiB, 288 MiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
