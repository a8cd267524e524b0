/**
 * The Miaradia incident scenario as plain data, a pure function of its anchor time: a streaming
 * app running micro-batches for two hours until an executor is lost and input stops, and a nightly
 * batch app with a shuffle-heavy stage. Logs, traces and metrics are all derived from this.
 */
import { random, sparkAppId, uuidFrom } from './ids';

export const MINUTE = 60_000;
export const TRIGGER_MS = 10_000;
export const CITIES = [
  'Antananarivo',
  'Toamasina',
  'Antsirabe',
  'Fianarantsoa',
  'Mahajanga',
  'Toliara',
  'Antsiranana',
  'Morondava',
];

export interface StageRun {
  stageId: number;
  attempt: number;
  kind: 'ShuffleMapStage' | 'ResultStage';
  start: number;
  end: number;
  tasks: {
    index: number;
    tid: number;
    executorId: string;
    start: number;
    end: number;
    failed?: string;
  }[];
  failure?: string;
}

export interface JobRun {
  jobId: number;
  start: number;
  end: number;
  stages: StageRun[];
}

export interface MicroBatch {
  batchId: number;
  start: number;
  durationMs: number;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  watermarkMs: number;
  stateRows: number;
  phases: Record<
    'latestOffset' | 'getBatch' | 'queryPlanning' | 'addBatch' | 'walCommit' | 'commitOffsets',
    number
  >;
  job: JobRun;
}

export interface Scenario {
  anchor: number;
  start: number;
  host: string;
  streaming: {
    appId: string;
    appName: 'miaradia-streaming';
    query: 'avg_price_per_city';
    queryId: string;
    runId: string;
    startedAt: number;
    batches: MicroBatch[];
    executorLostAt: number;
    lostExecutorId: string;
    inputStoppedAt: number;
    spikeBatchId: number;
  };
  batch: {
    appId: string;
    appName: 'revenue-nightly';
    startedAt: number;
    endedAt: number;
    jobs: JobRun[];
    fetchFailedStageId: number;
  };
}

function stage(opts: {
  stageId: number;
  attempt?: number;
  kind: StageRun['kind'];
  start: number;
  taskMs: number;
  tasks: number;
  executors: string[];
  firstTid: number;
  rnd: () => number;
}): StageRun {
  const tasks: StageRun['tasks'] = [];
  let end = opts.start;
  for (let i = 0; i < opts.tasks; i += 1) {
    const executorId = opts.executors[i % opts.executors.length] ?? '0';
    const slot = Math.floor(i / opts.executors.length);
    const tStart = opts.start + 5 + slot * opts.taskMs;
    const tEnd = tStart + Math.round(opts.taskMs * (0.6 + opts.rnd() * 0.4));
    tasks.push({ index: i, tid: opts.firstTid + i, executorId, start: tStart, end: tEnd });
    end = Math.max(end, tEnd);
  }
  return {
    stageId: opts.stageId,
    attempt: opts.attempt ?? 0,
    kind: opts.kind,
    start: opts.start,
    end: end + 8,
    tasks,
  };
}

function streamingBatches(s: Scenario['streaming'], from: number, rnd: () => number): MicroBatch[] {
  const batches: MicroBatch[] = [];
  let tid = 0;
  let start = from;
  for (let batchId = 0; start < s.inputStoppedAt; batchId += 1) {
    const spike = start <= s.executorLostAt && start + TRIGGER_MS > s.executorLostAt;
    const executors = start < s.executorLostAt ? ['0', '1'] : ['0'];
    const rate = 40 + Math.round(20 * Math.sin(batchId / 40) + rnd() * 8);
    const rows = rate * (TRIGGER_MS / 1000);
    const taskMs = spike ? 12_000 : 180 + Math.round(rnd() * 120);
    const planning = 40 + Math.round(rnd() * 30);
    const jobStart = start + 60 + planning;
    const shuffle = stage({
      stageId: batchId * 2,
      kind: 'ShuffleMapStage',
      start: jobStart,
      taskMs,
      tasks: 4,
      executors,
      firstTid: tid,
      rnd,
    });
    const result = stage({
      stageId: batchId * 2 + 1,
      kind: 'ResultStage',
      start: shuffle.end + 5,
      taskMs: Math.round(taskMs / 2),
      tasks: 4,
      executors,
      firstTid: tid + 4,
      rnd,
    });
    if (spike) {
      // The lost executor's tasks fail with ExecutorLostFailure and are retried on executor 0.
      for (const task of shuffle.tasks.filter((t) => t.executorId === s.lostExecutorId))
        task.failed = 'ExecutorLostFailure';
    }
    tid += 8;
    const job: JobRun = {
      jobId: batchId,
      start: jobStart,
      end: result.end + 4,
      stages: [shuffle, result],
    };
    const addBatch = job.end - jobStart + 20;
    const phases = {
      latestOffset: 3 + Math.round(rnd() * 4),
      getBatch: 1,
      queryPlanning: planning,
      addBatch,
      walCommit: 12 + Math.round(rnd() * 10),
      commitOffsets: 10 + Math.round(rnd() * 8),
    };
    const durationMs = Object.values(phases).reduce((a, b) => a + b, 0) + 15;
    batches.push({
      batchId,
      start,
      durationMs,
      numInputRows: rows,
      inputRowsPerSecond: rate,
      processedRowsPerSecond: Math.round((rows / durationMs) * 1000 * 10) / 10,
      watermarkMs: Math.floor((start - 10 * MINUTE) / 1000) * 1000,
      stateRows: CITIES.length * 3 - Math.round(rnd() * 6),
      phases,
      job,
    });
    // The next trigger fires on schedule, or as soon as a late batch finishes.
    start += Math.max(TRIGGER_MS, Math.ceil(durationMs / TRIGGER_MS) * TRIGGER_MS);
  }
  return batches;
}

function nightlyJobs(
  startedAt: number,
  rnd: () => number,
): { jobs: JobRun[]; fetchFailedStageId: number } {
  const executors = ['0', '1', '2'];
  let tid = 0;
  const mk = (
    stageId: number,
    kind: StageRun['kind'],
    start: number,
    taskMs: number,
    tasks: number,
    attempt = 0,
  ) => {
    const s = stage({
      stageId,
      attempt,
      kind,
      start,
      taskMs,
      tasks,
      executors,
      firstTid: tid,
      rnd,
    });
    tid += tasks;
    return s;
  };
  const read = mk(0, 'ShuffleMapStage', startedAt + 4_000, 20_000, 12);
  const readResult = mk(1, 'ResultStage', read.end + 200, 4_000, 6);
  const job0: JobRun = {
    jobId: 0,
    start: startedAt + 3_000,
    end: readResult.end + 100,
    stages: [read, readResult],
  };
  const shuffleA = mk(2, 'ShuffleMapStage', job0.end + 2_000, 60_000, 24);
  const joinFail = mk(3, 'ShuffleMapStage', shuffleA.end + 300, 45_000, 24);
  joinFail.failure = 'FetchFailed';
  const last = joinFail.tasks.at(-1);
  if (last) last.failed = 'FetchFailed';
  const joinRetry = mk(3, 'ShuffleMapStage', joinFail.end + 1_000, 50_000, 24, 1);
  const job1: JobRun = {
    jobId: 1,
    start: job0.end + 1_500,
    end: joinRetry.end + 200,
    stages: [shuffleA, joinFail, joinRetry],
  };
  const write = mk(4, 'ResultStage', job1.end + 1_000, 15_000, 12);
  const job2: JobRun = { jobId: 2, start: job1.end + 800, end: write.end + 300, stages: [write] };
  return { jobs: [job0, job1, job2], fetchFailedStageId: 3 };
}

export function buildScenario(anchor: number): Scenario {
  const rnd = random(anchor / MINUTE);
  const start = anchor - 120 * MINUTE;
  const streamingStart = start + MINUTE;
  const streaming: Scenario['streaming'] = {
    appId: sparkAppId(start, 0),
    appName: 'miaradia-streaming',
    query: 'avg_price_per_city',
    queryId: uuidFrom(`query:${anchor}`),
    runId: uuidFrom(`run:${anchor}`),
    startedAt: start,
    batches: [],
    executorLostAt: anchor - 12 * MINUTE,
    lostExecutorId: '1',
    inputStoppedAt: anchor - 11 * MINUTE,
    spikeBatchId: -1,
  };
  streaming.batches = streamingBatches(streaming, streamingStart, rnd);
  streaming.spikeBatchId =
    streaming.batches.find(
      (b) => b.start <= streaming.executorLostAt && b.start + TRIGGER_MS > streaming.executorLostAt,
    )?.batchId ?? -1;
  const batchStart = start + 20 * MINUTE;
  const nightly = nightlyJobs(batchStart, rnd);
  const endedAt = (nightly.jobs.at(-1)?.end ?? batchStart) + 2_000;
  return {
    anchor,
    start,
    host: '192.0.2.2',
    streaming,
    batch: {
      appId: sparkAppId(batchStart, 1),
      appName: 'revenue-nightly',
      startedAt: batchStart,
      endedAt,
      jobs: nightly.jobs,
      fetchFailedStageId: nightly.fetchFailedStageId,
    },
  };
}

/** The trace of a micro-batch (one per batch), and of the nightly app (one per run). */
export const traceSeed = {
  batch: (appId: string, batchId: number) => `trace:${appId}:batch:${batchId}`,
  app: (appId: string) => `trace:${appId}:run`,
};
