/**
 * Stage diagnosis: pure functions over Spark's jobs and stages (no I/O), each flag with the
 * numbers that raised it so the page can say why, not only that.
 */
import type {
  JobRow,
  SparkJob,
  SparkStage,
  StageFlag,
  StageRow,
  TaskQuantiles,
} from '@/lib/domain/spark';

/** Thresholds of the diagnosis. */
export const DIAGNOSIS = {
  /** Skew is judged only with this many tasks: with three, one slow task is not a pattern. */
  skewMinTasks: 8,
  /** Slowest task over the median task. */
  skewRatio: 3,
  /** …and slower than the median by at least this much (10 ms vs 2 ms is no skew worth a look). */
  skewMinExcessMs: 1000,
  /** The slowest task's data (input, shuffle read or write) over the median task's. */
  skewDataRatio: 2,
  /** GC time, and shuffle fetch wait, as a share of executor run time… */
  gcShare: 0.1,
  fetchWaitShare: 0.1,
  /** …in stages that ran at least this long in total (short stages are noise). */
  minRunTimeMs: 1000,
} as const;

const quantile = (q: TaskQuantiles, row: number[], at: number): number | undefined => {
  const i = q.quantiles.findIndex((x) => Math.abs(x - at) < 1e-9);
  return i < 0 ? undefined : row[i];
};

/**
 * The task that read or wrote the most against the median task, over the data measures the stage
 * has (input, shuffle read, shuffle write): undefined when it moved no measured data.
 */
function dataSkew(
  q: TaskQuantiles,
): { ratio: number; maxBytes: number; medianBytes: number } | undefined {
  let worst: { ratio: number; maxBytes: number; medianBytes: number } | undefined;
  for (const row of [q.inputBytes, q.shuffleReadBytes, q.shuffleWriteBytes]) {
    const max = quantile(q, row, 1);
    const median = quantile(q, row, 0.5);
    if (max === undefined || median === undefined || max <= 0) continue;
    const ratio = max / Math.max(1, median);
    if (!worst || ratio > worst.ratio) worst = { ratio, maxBytes: max, medianBytes: median };
  }
  return worst;
}

/**
 * Skew: the slowest task far above the median, with enough tasks to tell; when the stage moves
 * measured data, that task must also have had far more of it (else it is a straggler — a cold
 * executor, a slow node — not skew).
 */
function skew(s: SparkStage): StageFlag | undefined {
  const q = s.taskQuantiles;
  const tasks = s.numCompleteTasks;
  if (!q || tasks < DIAGNOSIS.skewMinTasks) return undefined;
  const median = quantile(q, q.durationMs, 0.5);
  const max = quantile(q, q.durationMs, 1);
  if (median === undefined || max === undefined || median <= 0) return undefined;
  const ratio = max / median;
  if (ratio < DIAGNOSIS.skewRatio || max - median < DIAGNOSIS.skewMinExcessMs) return undefined;
  const data = dataSkew(q);
  if (data && data.ratio < DIAGNOSIS.skewDataRatio) return undefined;
  return {
    kind: 'skew',
    numbers: {
      ratio: Math.round(ratio * 10) / 10,
      maxTaskMs: max,
      medianTaskMs: median,
      tasks,
      threshold: DIAGNOSIS.skewRatio,
      ...(data
        ? {
            dataRatio: Math.round(data.ratio * 10) / 10,
            maxTaskBytes: data.maxBytes,
            medianTaskBytes: data.medianBytes,
          }
        : {}),
    },
  };
}

/**
 * Whether a stage attempt can be flagged as skew at all, from its own numbers alone: enough
 * finished tasks, and a run long enough to hold a task `skewMinExcessMs` slower than the median
 * (every task runs between the stage's first launch and its end). Only these need their task
 * quantiles read to judge skew.
 */
export function mayBeSkewed(s: SparkStage): boolean {
  if (s.numCompleteTasks < DIAGNOSIS.skewMinTasks) return false;
  const from = s.firstTaskLaunched ?? s.submitted;
  if (s.completed === undefined || from === undefined) return true;
  return s.completed - from >= DIAGNOSIS.skewMinExcessMs;
}

function share(
  kind: 'gc' | 'fetchWait',
  partMs: number,
  runMs: number,
  threshold: number,
): StageFlag | undefined {
  if (runMs < DIAGNOSIS.minRunTimeMs || partMs / runMs < threshold) return undefined;
  const numbers = { share: Math.round((partMs / runMs) * 1000) / 1000, runMs, threshold };
  return {
    kind,
    numbers: kind === 'gc' ? { ...numbers, gcMs: partMs } : { ...numbers, fetchWaitMs: partMs },
  };
}

function failed(s: SparkStage): StageFlag | undefined {
  if (s.numFailedTasks === 0 && s.status !== 'FAILED' && s.attemptId === 0) return undefined;
  return {
    kind: 'failed',
    numbers: {
      failedTasks: s.numFailedTasks,
      tasks: s.numTasks,
      attempt: s.attemptId,
      stageFailed: s.status === 'FAILED' ? 1 : 0,
    },
  };
}

/** The flags of one stage attempt, in a fixed order (skew, spill, gc, fetchWait, failed). */
export function stageFlags(s: SparkStage): StageFlag[] {
  const spill =
    s.memoryBytesSpilled > 0 || s.diskBytesSpilled > 0
      ? ({
          kind: 'spill',
          numbers: { memoryBytes: s.memoryBytesSpilled, diskBytes: s.diskBytesSpilled },
        } as const)
      : undefined;
  return [
    skew(s),
    spill,
    share('gc', s.jvmGcTimeMs, s.executorRunTimeMs, DIAGNOSIS.gcShare),
    share('fetchWait', s.shuffleFetchWaitMs, s.executorRunTimeMs, DIAGNOSIS.fetchWaitShare),
    failed(s),
  ].filter((f): f is StageFlag => Boolean(f));
}

const span = (from?: number, to?: number) =>
  from !== undefined && to !== undefined ? { durationMs: Math.max(0, to - from) } : {};

/** Copies the counts that are not 0 onto the row: the answer leaves zeros out. */
function nonZero<R extends object>(row: R, counts: Record<string, number>): R {
  for (const key in counts)
    if (counts[key] !== 0) (row as Record<string, number>)[key] = counts[key]!;
  return row;
}

export function jobRows(jobs: SparkJob[]): JobRow[] {
  return jobs
    .map((j) =>
      nonZero<JobRow>(
        {
          jobId: j.jobId,
          name: j.name,
          ...(j.description ? { description: j.description } : {}),
          status: j.status,
          ...(j.submitted ? { submitted: j.submitted } : {}),
          ...(j.completed ? { completed: j.completed } : {}),
          ...span(j.submitted, j.completed),
          stageIds: j.stageIds,
          numTasks: j.numTasks,
        },
        { numFailedTasks: j.numFailedTasks, numFailedStages: j.numFailedStages },
      ),
    )
    .sort((a, b) => a.jobId - b.jobId);
}

/** The jobs that ran each stage, by stage id, in job order. */
export function jobsByStage(jobs: SparkJob[]): Map<number, number[]> {
  const jobsOf = new Map<number, number[]>();
  for (const j of jobs)
    for (const id of j.stageIds) {
      const ids = jobsOf.get(id);
      if (ids) ids.push(j.jobId);
      else jobsOf.set(id, [j.jobId]);
    }
  for (const ids of jobsOf.values()) ids.sort((a, b) => a - b);
  return jobsOf;
}

/** One stage attempt's row, with the jobs that ran it and its flags. */
export function stageRow(s: SparkStage, jobsOf: Map<number, number[]>): StageRow {
  const q = s.taskQuantiles;
  return nonZero<StageRow>(
    {
      stageId: s.stageId,
      attemptId: s.attemptId,
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      status: s.status,
      jobIds: jobsOf.get(s.stageId) ?? [],
      ...(s.submitted ? { submitted: s.submitted } : {}),
      ...(s.completed ? { completed: s.completed } : {}),
      ...span(s.submitted, s.completed),
      numTasks: s.numTasks,
      ...(q ? { taskDurationMs: { quantiles: q.quantiles, values: q.durationMs } } : {}),
      ...(s.failureReason ? { failureReason: s.failureReason } : {}),
      flags: stageFlags(s),
    },
    {
      failedTasks: s.numFailedTasks,
      killedTasks: s.numKilledTasks,
      runTimeMs: s.executorRunTimeMs,
      gcTimeMs: s.jvmGcTimeMs,
      inputBytes: s.inputBytes,
      outputBytes: s.outputBytes,
      shuffleReadBytes: s.shuffleReadBytes,
      shuffleWriteBytes: s.shuffleWriteBytes,
      shuffleFetchWaitMs: s.shuffleFetchWaitMs,
      memorySpilledBytes: s.memoryBytesSpilled,
      diskSpilledBytes: s.diskBytesSpilled,
    },
  );
}

type StageOrder = Pick<StageRow, 'submitted' | 'stageId' | 'attemptId'>;

/** Submission order (stages never submitted last), then stage and attempt. */
export const inStageOrder = (a: StageOrder, b: StageOrder): number =>
  (a.submitted ?? Infinity) - (b.submitted ?? Infinity) ||
  a.stageId - b.stageId ||
  a.attemptId - b.attemptId;

/** Stage rows in submission order, with the jobs that ran each stage and its flags. */
export function stageRows(stages: SparkStage[], jobs: SparkJob[]): StageRow[] {
  const jobsOf = jobsByStage(jobs);
  return stages.map((s) => stageRow(s, jobsOf)).sort(inStageOrder);
}
