import { formatBytes, formatDuration } from '@/components/ui/format';
import type { StageFlag } from '@/lib/domain/spark';

export const percent = (share: number | undefined) =>
  share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;

/** A flag's finding in words, with the numbers that raised it. */
export function flagText(flag: StageFlag): string {
  const n = flag.numbers;
  switch (flag.kind) {
    case 'skew':
      return `skew: slowest task ${formatDuration(n.maxTaskMs ?? 0)} = ${n.ratio}× the median ${formatDuration(n.medianTaskMs ?? 0)} (${n.tasks} tasks${n.dataRatio ? `; ${n.dataRatio}× the median's data, ${formatBytes(n.maxTaskBytes ?? 0)}` : ''})`;
    case 'spill':
      return `spill: ${formatBytes(n.memoryBytes ?? 0)} in memory, ${formatBytes(n.diskBytes ?? 0)} to disk`;
    case 'gc':
      return `GC: ${percent(n.share)} of ${formatDuration(n.runMs ?? 0)} run time`;
    case 'fetchWait':
      return `shuffle fetch wait: ${percent(n.share)} of ${formatDuration(n.runMs ?? 0)} run time`;
    case 'failed':
      return n.stageFailed
        ? `stage attempt ${n.attempt} failed`
        : n.failedTasks
          ? `${n.failedTasks} of ${n.tasks} tasks failed${n.attempt ? ` (attempt ${n.attempt})` : ''}`
          : `retried: attempt ${n.attempt}`;
  }
}
