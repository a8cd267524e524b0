/** Two micro-batches of one query side by side: pure, for the batch page (components may not import lib/correlate). */
import type { Batch, BatchProgress, StageRow } from '@/lib/domain/spark';

export interface PhaseDelta {
  phase: string;
  base?: number;
  current?: number;
}

export interface BatchStageDelta {
  key: string;
  base?: StageRow;
  current?: StageRow;
  /** Current minus base duration (ms); a stage of one batch only is compared with zero. */
  durationMs: number;
}

/** The trigger phases and counters of two progresses of one query, side by side. */
export function phaseDeltas(current: BatchProgress, base: BatchProgress): PhaseDelta[] {
  const phases = new Set([...Object.keys(base.durationMs), ...Object.keys(current.durationMs)]);
  return [...phases].map((phase) => ({
    phase,
    ...(base.durationMs[phase] !== undefined ? { base: base.durationMs[phase] } : {}),
    ...(current.durationMs[phase] !== undefined ? { current: current.durationMs[phase] } : {}),
  }));
}

/**
 * Stages of two micro-batches matched by name and rank in the batch (every batch of a query runs
 * the same plan; their descriptions differ only by the batch number), biggest regression first.
 */
export function batchStageDeltas(current: Batch, base: Batch): BatchStageDelta[] {
  const keyed = (b: Batch) => {
    const rank = new Map<string, number>();
    return b.stages
      .filter((s) => s.status !== 'SKIPPED')
      .map((s) => {
        const n = (rank.get(s.name) ?? 0) + 1;
        rank.set(s.name, n);
        return [`${s.name} #${n}`, s] as const;
      });
  };
  const before = new Map(keyed(base));
  const rows: BatchStageDelta[] = [];
  for (const [key, s] of keyed(current)) {
    const b = before.get(key);
    before.delete(key);
    rows.push({
      key,
      current: s,
      ...(b ? { base: b } : {}),
      durationMs: (s.durationMs ?? 0) - (b?.durationMs ?? 0),
    });
  }
  for (const [key, b] of before) rows.push({ key, base: b, durationMs: -(b.durationMs ?? 0) });
  return rows.sort((x, y) => y.durationMs - x.durationMs);
}
