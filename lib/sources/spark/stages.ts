import 'server-only';
import { z } from 'zod';
import { sparkStageStatusSchema } from '@/lib/domain/schemas';
import type { SparkStage, SparkStageStatus, SparkTask, TaskQuantiles } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { sparkDateToMs, sparkNanosToMs } from '../units';
import { type ListSink, type SparkAppRef, appPath, sparkGet, sparkGetList } from './client';

/** The quantiles the console asks for: enough for a median, the tail and the slowest task. */
export const QUANTILES = [0, 0.25, 0.5, 0.75, 0.95, 1] as const;

const n = z.number().default(0);
const row = z.array(z.number());

const distributions = z.object({
  quantiles: row,
  duration: row,
  executorRunTime: row,
  jvmGcTime: row,
  schedulerDelay: row,
  peakExecutionMemory: row,
  memoryBytesSpilled: row,
  diskBytesSpilled: row,
  inputMetrics: z.object({ bytesRead: row }),
  outputMetrics: z.object({ bytesWritten: row }),
  shuffleReadMetrics: z.object({ readBytes: row, readRecords: row, fetchWaitTime: row }),
  shuffleWriteMetrics: z.object({ writeBytes: row }),
});

const stage = z.object({
  status: sparkStageStatusSchema.catch('PENDING'),
  stageId: z.number(),
  attemptId: z.number(),
  name: z.string(),
  description: z.string().optional(),
  details: z.string().optional(),
  submissionTime: z.string().optional(),
  firstTaskLaunchedTime: z.string().optional(),
  completionTime: z.string().optional(),
  failureReason: z.string().optional(),
  numTasks: n,
  numActiveTasks: n,
  numCompleteTasks: n,
  numFailedTasks: n,
  numKilledTasks: n,
  executorRunTime: n,
  executorCpuTime: n,
  jvmGcTime: n,
  inputBytes: n,
  inputRecords: n,
  outputBytes: n,
  outputRecords: n,
  shuffleReadBytes: n,
  shuffleReadRecords: n,
  shuffleFetchWaitTime: n,
  shuffleWriteBytes: n,
  shuffleWriteRecords: n,
  memoryBytesSpilled: n,
  diskBytesSpilled: n,
  peakExecutionMemory: n,
  taskMetricsDistributions: distributions.optional(),
});

function toQuantiles(d: z.output<typeof distributions>): TaskQuantiles {
  return {
    quantiles: d.quantiles,
    durationMs: d.duration,
    executorRunTimeMs: d.executorRunTime,
    jvmGcTimeMs: d.jvmGcTime,
    schedulerDelayMs: d.schedulerDelay,
    inputBytes: d.inputMetrics.bytesRead,
    outputBytes: d.outputMetrics.bytesWritten,
    shuffleReadBytes: d.shuffleReadMetrics.readBytes,
    shuffleReadRecords: d.shuffleReadMetrics.readRecords,
    shuffleFetchWaitMs: d.shuffleReadMetrics.fetchWaitTime,
    shuffleWriteBytes: d.shuffleWriteMetrics.writeBytes,
    memoryBytesSpilled: d.memoryBytesSpilled,
    diskBytesSpilled: d.diskBytesSpilled,
    peakExecutionMemory: d.peakExecutionMemory,
  };
}

/** The wire shape of `/stages`. */
export const stageListWire = z.array(stage);

/**
 * The first frame of the stage's call stack outside Spark and py4j: where the user's code is. A
 * copy: V8 makes a slice of a long string point into it, and a stage kept for its call site would
 * keep its whole stack alive (a KiB each, 2 MB over 2,000 stages, copied by every young-generation
 * collection while the list is read).
 */
function callSiteOf(name: string, details: string | undefined): string {
  if (!details) return name;
  const end = details.indexOf('\n');
  const line = (end < 0 ? details : details.slice(0, end)).trim();
  // Concatenated, then sliced: V8 flattens the pair into a new string of the line's length.
  return line ? ` ${line}`.slice(1) : name;
}

export function toStage(s: z.output<typeof stage>): SparkStage {
  const submitted = sparkDateToMs(s.submissionTime);
  const firstTaskLaunched = sparkDateToMs(s.firstTaskLaunchedTime);
  const completed = sparkDateToMs(s.completionTime);
  return {
    stageId: s.stageId,
    attemptId: s.attemptId,
    status: s.status,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    callSite: callSiteOf(s.name, s.details),
    ...(submitted ? { submitted } : {}),
    ...(firstTaskLaunched ? { firstTaskLaunched } : {}),
    ...(completed ? { completed } : {}),
    ...(s.failureReason ? { failureReason: s.failureReason } : {}),
    numTasks: s.numTasks,
    numActiveTasks: s.numActiveTasks,
    numCompleteTasks: s.numCompleteTasks,
    numFailedTasks: s.numFailedTasks,
    numKilledTasks: s.numKilledTasks,
    executorRunTimeMs: s.executorRunTime,
    executorCpuTimeMs: sparkNanosToMs(s.executorCpuTime),
    jvmGcTimeMs: s.jvmGcTime,
    inputBytes: s.inputBytes,
    inputRecords: s.inputRecords,
    outputBytes: s.outputBytes,
    outputRecords: s.outputRecords,
    shuffleReadBytes: s.shuffleReadBytes,
    shuffleReadRecords: s.shuffleReadRecords,
    shuffleFetchWaitMs: s.shuffleFetchWaitTime,
    shuffleWriteBytes: s.shuffleWriteBytes,
    shuffleWriteRecords: s.shuffleWriteRecords,
    memoryBytesSpilled: s.memoryBytesSpilled,
    diskBytesSpilled: s.diskBytesSpilled,
    peakExecutionMemory: s.peakExecutionMemory,
    ...(s.taskMetricsDistributions
      ? { taskQuantiles: toQuantiles(s.taskMetricsDistributions) }
      : {}),
  };
}

/**
 * Every stage attempt of the app (`/stages`). With `withSummaries`, each stage carries its task
 * quantiles, computed by Spark in the same answer: one call instead of one taskSummary per stage.
 * `sink` takes them batch by batch while the list downloads; the list holds those it gives back.
 */
export async function listStages(
  app: SparkAppRef,
  q: { withSummaries?: boolean; status?: SparkStageStatus } = {},
  options: CallOptions = {},
  sink?: ListSink<SparkStage>,
): Promise<SparkStage[]> {
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.withSummaries) {
    params.set('withSummaries', 'true');
    params.set('quantiles', QUANTILES.join(','));
  }
  return sparkGetList(app.target, appPath(app, 'stages'), params, stage, toStage, options, sink);
}

/** Task quantiles of one stage attempt (`/stages/{id}/{attempt}/taskSummary`). */
export async function taskSummary(
  app: SparkAppRef,
  stageRef: { stageId: number; attemptId: number },
  options: CallOptions = {},
): Promise<TaskQuantiles> {
  const d = await sparkGet(
    app.target,
    appPath(app, 'stages', stageRef.stageId, stageRef.attemptId, 'taskSummary'),
    new URLSearchParams({ quantiles: QUANTILES.join(',') }),
    distributions,
    options,
  );
  return toQuantiles(d);
}

const task = z.object({
  taskId: z.number(),
  index: z.number(),
  attempt: z.number(),
  launchTime: z.string(),
  duration: z.number().optional(),
  executorId: z.string(),
  host: z.string(),
  status: z.string(),
  speculative: z.boolean().default(false),
  errorMessage: z.string().optional(),
  taskMetrics: z
    .object({
      executorRunTime: n,
      jvmGcTime: n,
      memoryBytesSpilled: n,
      diskBytesSpilled: n,
      shuffleReadMetrics: z.object({ fetchWaitTime: n, remoteBytesRead: n, localBytesRead: n }),
    })
    .optional(),
});

export interface TaskListQuery {
  stageId: number;
  attemptId: number;
  /** `-runtime` lists the slowest first. */
  sortBy?: 'ID' | 'runtime' | '-runtime';
  offset?: number;
  length?: number;
  status?: 'RUNNING' | 'SUCCESS' | 'FAILED' | 'KILLED' | 'PENDING';
}

/** Tasks of one stage attempt (`/stages/{id}/{attempt}/taskList`), a page at a time. */
export async function listTasks(
  app: SparkAppRef,
  q: TaskListQuery,
  options: CallOptions = {},
): Promise<SparkTask[]> {
  const params = new URLSearchParams({
    sortBy: q.sortBy ?? 'ID',
    offset: String(q.offset ?? 0),
    length: String(q.length ?? 20),
  });
  if (q.status) params.set('status', q.status);
  const list = await sparkGet(
    app.target,
    appPath(app, 'stages', q.stageId, q.attemptId, 'taskList'),
    params,
    z.array(task),
    options,
  );
  return list.map((t) => {
    const m = t.taskMetrics;
    return {
      taskId: t.taskId,
      index: t.index,
      attempt: t.attempt,
      launched: sparkDateToMs(t.launchTime) ?? 0,
      ...(t.duration === undefined ? {} : { durationMs: t.duration }),
      executorId: t.executorId,
      host: t.host,
      status: t.status,
      speculative: t.speculative,
      ...(t.errorMessage ? { errorMessage: t.errorMessage } : {}),
      ...(m
        ? {
            executorRunTimeMs: m.executorRunTime,
            jvmGcTimeMs: m.jvmGcTime,
            shuffleReadBytes:
              m.shuffleReadMetrics.remoteBytesRead + m.shuffleReadMetrics.localBytesRead,
            shuffleFetchWaitMs: m.shuffleReadMetrics.fetchWaitTime,
            memoryBytesSpilled: m.memoryBytesSpilled,
            diskBytesSpilled: m.diskBytesSpilled,
          }
        : {}),
    };
  });
}
