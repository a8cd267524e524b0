/**
 * Spark's own record of an application, as the monitoring REST API (`/api/v1`) of a driver UI or
 * of the History Server tells it, in the console's units: epoch ms for times, ms for durations,
 * bytes for sizes. Made by lib/sources/spark; every layer may read them. Only type imports of the
 * schemas, so the browser bundle never carries zod for them.
 */
import type { z } from 'zod';
import type * as schemas from './schemas';

/** The phases of a micro-batch's trigger, in the order they run (`durationMs` of its progress). */
export const TRIGGER_PHASES = [
  'latestOffset',
  'getBatch',
  'queryPlanning',
  'addBatch',
  'walCommit',
  'commitOffsets',
] as const;

/** Where the record was read: the History Server, or the live driver's UI. */
export type SparkOrigin = 'history' | 'driver';

export interface SparkAttempt {
  /** Absent for cluster managers without attempts (standalone, local, Kubernetes). */
  attemptId?: string;
  start: number;
  end?: number;
  lastUpdated?: number;
  durationMs: number;
  completed: boolean;
  sparkVersion?: string;
  sparkUser?: string;
}

export interface SparkApplication {
  appId: string;
  name: string;
  /** Newest first, as Spark lists them. */
  attempts: SparkAttempt[];
}

export type SparkJobStatus = z.infer<typeof schemas.sparkJobStatusSchema>;

export interface SparkJob {
  jobId: number;
  name: string;
  description?: string;
  submitted?: number;
  completed?: number;
  stageIds: number[];
  status: SparkJobStatus;
  jobGroup?: string;
  numTasks: number;
  numCompletedTasks: number;
  numSkippedTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  numFailedStages: number;
  numSkippedStages: number;
}

export type SparkStageStatus = z.infer<typeof schemas.sparkStageStatusSchema>;

/** One quantile row per metric, aligned with `quantiles`. */
export interface TaskQuantiles {
  quantiles: number[];
  durationMs: number[];
  executorRunTimeMs: number[];
  jvmGcTimeMs: number[];
  schedulerDelayMs: number[];
  inputBytes: number[];
  outputBytes: number[];
  shuffleReadBytes: number[];
  shuffleReadRecords: number[];
  shuffleFetchWaitMs: number[];
  shuffleWriteBytes: number[];
  memoryBytesSpilled: number[];
  diskBytesSpilled: number[];
  peakExecutionMemory: number[];
}

export interface SparkStage {
  stageId: number;
  attemptId: number;
  status: SparkStageStatus;
  name: string;
  description?: string;
  /** Call site of the stage (first lines of `details`), which matches a stage across runs. */
  callSite?: string;
  submitted?: number;
  firstTaskLaunched?: number;
  completed?: number;
  failureReason?: string;
  numTasks: number;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  executorRunTimeMs: number;
  executorCpuTimeMs: number;
  jvmGcTimeMs: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  outputRecords: number;
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleFetchWaitMs: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  peakExecutionMemory: number;
  /** Task quantiles, when asked for with the stage list (`withSummaries`). */
  taskQuantiles?: TaskQuantiles;
}

export interface SparkTask {
  taskId: number;
  index: number;
  attempt: number;
  launched: number;
  durationMs?: number;
  executorId: string;
  host: string;
  status: string;
  speculative: boolean;
  errorMessage?: string;
  executorRunTimeMs?: number;
  jvmGcTimeMs?: number;
  shuffleReadBytes?: number;
  shuffleFetchWaitMs?: number;
  memoryBytesSpilled?: number;
  diskBytesSpilled?: number;
}

export interface SparkExecutor {
  executorId: string;
  hostPort: string;
  active: boolean;
  totalCores: number;
  maxTasks: number;
  activeTasks: number;
  failedTasks: number;
  completedTasks: number;
  totalTasks: number;
  totalDurationMs: number;
  totalGcTimeMs: number;
  totalInputBytes: number;
  totalShuffleRead: number;
  totalShuffleWrite: number;
  memoryUsed: number;
  diskUsed: number;
  maxMemory: number;
  added?: number;
  removed?: number;
  removeReason?: string;
}

export interface SparkSqlExecution {
  id: number;
  status: string;
  description: string;
  submitted?: number;
  durationMs: number;
  runningJobIds: number[];
  successJobIds: number[];
  failedJobIds: number[];
}

export interface SparkEnvironment {
  javaVersion?: string;
  scalaVersion?: string;
  /** `spark.*` properties as the app ran with them: the diff between two runs. */
  sparkProperties: Record<string, string>;
  systemProperties: Record<string, string>;
}

/** What a stage diagnosis found, with the numbers that raised it (the API's shapes, from their schemas). */
export type StageFlag = z.infer<typeof schemas.stageFlagSchema>;
export type StageFlagKind = StageFlag['kind'];
export type StageRow = z.infer<typeof schemas.stageRowSchema>;
export type JobRow = z.infer<typeof schemas.jobRowSchema>;
/** An app's jobs and stages as Spark recorded them, stages diagnosed. */
export type AppStages = z.infer<typeof schemas.appStagesSchema>;
export type StageSummaries = z.infer<typeof schemas.stageSummariesSchema>;
export type StageMetrics = NonNullable<z.infer<typeof schemas.stageDeltaSchema>['current']>;
export type StageDelta = z.infer<typeof schemas.stageDeltaSchema>;
export type Run = z.infer<typeof schemas.runSchema>;
/** Other runs of an app's name in the History Server, and the one before it. */
export type AppRuns = z.infer<typeof schemas.appRunsSchema>;
export type LogVolume = z.infer<typeof schemas.logVolumeSchema>;
/** Two runs of one app name side by side: stage deltas, changed properties, log volume. */
export type AppComparison = z.infer<typeof schemas.appComparisonSchema>;
export type BatchProgress = z.infer<typeof schemas.batchProgressSchema>;
/** One micro-batch: its progress, SQL executions, jobs and stages. */
export type Batch = z.infer<typeof schemas.batchSchema>;
