import { formatTime } from '@/components/ui/format';

/** Shared props of every timeline chart: the time axis over the view's window, and the grid. */
export function timeAxis(domain: [number, number]) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    allowDataOverflow: true,
    tickFormatter: (t: number) => formatTime(t),
    tick: { fontSize: 10 },
    minTickGap: 40,
  };
}

export const grid = {
  strokeDasharray: '3 3',
  className: 'stroke-zinc-200 dark:stroke-zinc-800',
  vertical: false,
} as const;
