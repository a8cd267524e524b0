/**
 * Prometheus series of the scenario, with exactly the labels a scrape of the real Spark endpoints
 * produces after the relabelling in deploy/prometheus/prometheus.yml, so the seeded history and the
 * live exporter's scrapes are one continuous series.
 */
import { MINUTE, type MicroBatch, type Scenario } from './scenario';

export const STEP_MS = 15_000;

export interface Series {
  labels: Record<string, string>;
  samples: [number, number][];
}

export interface Targets {
  streamingInstance: string;
  nightlyInstance: string;
}

/** The values every series has at time t, by series key; the exporter serves those at the anchor. */
type Sampler = (t: number) => number | undefined;

function lastBatchAt(batches: MicroBatch[], t: number): MicroBatch | undefined {
  let lo = 0;
  let hi = batches.length - 1;
  let found: MicroBatch | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = batches[mid];
    if (b && b.start + b.durationMs <= t) {
      found = b;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface SeriesDef {
  labels: Record<string, string>;
  at: Sampler;
}

function streamingDefs(sc: Scenario, instance: string): SeriesDef[] {
  const s = sc.streaming;
  const base = { app_id: s.appId, app_name: s.appName, instance };
  const gauge = (name: string, at: Sampler): SeriesDef => ({
    labels: { __name__: name, ...base, job: 'spark-driver', query: s.query, type: 'gauges' },
    at,
  });
  const driverGauge = (name: string, at: Sampler): SeriesDef => ({
    labels: { __name__: name, ...base, job: 'spark-driver', type: 'gauges' },
    at,
  });
  const running = (t: number) => t >= s.startedAt + MINUTE;
  const stopped = (t: number) => t >= s.inputStoppedAt;
  const last = (t: number) => lastBatchAt(s.batches, t);
  const defs: SeriesDef[] = [
    gauge('spark_streaming_input_rate', (t) =>
      !running(t) ? undefined : stopped(t) ? 0 : (last(t)?.inputRowsPerSecond ?? 0),
    ),
    gauge('spark_streaming_processing_rate', (t) =>
      !running(t) ? undefined : stopped(t) ? 0 : (last(t)?.processedRowsPerSecond ?? 0),
    ),
    // Idle triggers after the input stopped report a few milliseconds.
    gauge('spark_streaming_latency_ms', (t) =>
      !running(t)
        ? undefined
        : stopped(t) && t > s.inputStoppedAt + 20_000
          ? 4
          : (last(t)?.durationMs ?? 0),
    ),
    gauge('spark_streaming_watermark_ms', (t) =>
      !running(t) ? undefined : (last(t)?.watermarkMs ?? 0),
    ),
    gauge('spark_streaming_state_rows', (t) =>
      !running(t) ? undefined : (last(t)?.stateRows ?? 0),
    ),
    gauge('spark_streaming_state_bytes', (t) =>
      !running(t) ? undefined : (last(t)?.stateRows ?? 0) * 1_480 + 96_000,
    ),
    driverGauge('spark_driver_active_jobs', (t) => {
      const b = last(t);
      return !running(t) ? undefined : b && !stopped(t) && t % 10_000 < 3_000 ? 1 : 0;
    }),
    driverGauge('spark_driver_running_stages', (t) =>
      !running(t) ? undefined : !stopped(t) && t % 10_000 < 3_000 ? 1 : 0,
    ),
    driverGauge('spark_driver_failed_stages', (t) =>
      !running(t) ? undefined : t >= s.executorLostAt ? 1 : 0,
    ),
  ];
  const executors = [
    { id: 'driver', until: Infinity, cores: 0 },
    { id: '0', until: Infinity, cores: 1 },
    { id: s.lostExecutorId, until: s.executorLostAt, cores: 1 },
  ];
  for (const e of executors) {
    const labels = { ...base, executor_id: e.id, job: 'spark-executors' };
    const alive = (t: number) => t >= s.startedAt + 10_000 && t < e.until;
    const share = e.id === 'driver' ? 0 : 0.5;
    const busy = (t: number) => Math.max(0, Math.min(t, s.inputStoppedAt) - s.startedAt) / 1000;
    const def = (name: string, at: (t: number) => number): SeriesDef => ({
      labels: { __name__: name, ...labels },
      at: (t) => (alive(t) ? at(t) : undefined),
    });
    defs.push(
      def('metrics_executor_totalCores', () => e.cores),
      def('metrics_executor_maxTasks', () => e.cores),
      def('metrics_executor_activeTasks', (t) =>
        e.cores && !(t >= s.inputStoppedAt) && t % 10_000 < 2_000 ? 1 : 0,
      ),
      def(
        'metrics_executor_memoryUsed_bytes',
        (t) => 18_000_000 + Math.round(6_000_000 * Math.abs(Math.sin(t / 600_000))),
      ),
      def('metrics_executor_maxMemory_bytes', () => 455_501_414),
      def(
        'metrics_executor_totalDuration_seconds_total',
        (t) => Math.round(busy(t) * 0.25 * share * 100) / 100,
      ),
      def(
        'metrics_executor_totalGCTime_seconds_total',
        (t) => Math.round(busy(t) * 0.01 * share * 100) / 100,
      ),
      def('metrics_executor_completedTasks_total', (t) => Math.floor((busy(t) / 10) * 8 * share)),
      def('metrics_executor_failedTasks_total', (t) =>
        e.id === s.lostExecutorId && t >= s.executorLostAt - STEP_MS ? 2 : 0,
      ),
    );
  }
  return defs;
}

function nightlyDefs(sc: Scenario, instance: string): SeriesDef[] {
  const n = sc.batch;
  const base = { app_id: n.appId, app_name: n.appName, instance };
  const alive = (t: number) => t >= n.startedAt && t <= n.endedAt;
  const stageAt = (t: number) =>
    n.jobs.flatMap((j) => j.stages).find((st) => st.start <= t && t <= st.end);
  const defs: SeriesDef[] = [
    {
      labels: {
        __name__: 'spark_driver_active_jobs',
        ...base,
        job: 'spark-driver',
        type: 'gauges',
      },
      at: (t) => (alive(t) ? (n.jobs.some((j) => j.start <= t && t <= j.end) ? 1 : 0) : undefined),
    },
    {
      labels: {
        __name__: 'spark_driver_running_stages',
        ...base,
        job: 'spark-driver',
        type: 'gauges',
      },
      at: (t) => (alive(t) ? (stageAt(t) ? 1 : 0) : undefined),
    },
    {
      labels: {
        __name__: 'spark_driver_failed_stages',
        ...base,
        job: 'spark-driver',
        type: 'gauges',
      },
      at: (t) =>
        alive(t) ? (n.jobs[1]?.stages[1] && t >= n.jobs[1].stages[1].end ? 1 : 0) : undefined,
    },
  ];
  for (const id of ['driver', '0', '1', '2']) {
    const labels = { ...base, executor_id: id, job: 'spark-executors' };
    const cores = id === 'driver' ? 0 : 2;
    // Executor 2 spends a third of its task time in GC during the shuffle-heavy join.
    const gcShare = id === '2' ? 0.35 : 0.04;
    const run = (t: number) => (Math.min(t, n.endedAt) - n.startedAt) / 1000;
    const def = (name: string, at: (t: number) => number): SeriesDef => ({
      labels: { __name__: name, ...labels },
      at: (t) => (alive(t) ? at(t) : undefined),
    });
    defs.push(
      def('metrics_executor_totalCores', () => cores),
      def('metrics_executor_activeTasks', (t) => (cores && stageAt(t) ? cores : 0)),
      def('metrics_executor_memoryUsed_bytes', (t) =>
        cores ? 120_000_000 + Math.round(300_000_000 * Math.abs(Math.sin(t / 300_000))) : 4_000_000,
      ),
      def('metrics_executor_maxMemory_bytes', () => 455_501_414),
      def('metrics_executor_totalDuration_seconds_total', (t) =>
        cores ? Math.round(run(t) * 1.6 * 100) / 100 : 0,
      ),
      def('metrics_executor_totalGCTime_seconds_total', (t) =>
        cores ? Math.round(run(t) * 1.6 * gcShare * 100) / 100 : 0,
      ),
      def('metrics_executor_totalShuffleRead_bytes_total', (t) =>
        cores ? Math.round(run(t) * 2_200_000) : 0,
      ),
      def('metrics_executor_totalShuffleWrite_bytes_total', (t) =>
        cores ? Math.round(run(t) * 2_100_000) : 0,
      ),
    );
  }
  return defs;
}

export function seriesDefs(sc: Scenario, targets: Targets): SeriesDef[] {
  return [
    ...streamingDefs(sc, targets.streamingInstance),
    ...nightlyDefs(sc, targets.nightlyInstance),
  ];
}

/** Samples every STEP_MS from the scenario start up to (and including) the anchor. */
export function scenarioSeries(sc: Scenario, targets: Targets): Series[] {
  const out: Series[] = [];
  for (const def of seriesDefs(sc, targets)) {
    const samples: [number, number][] = [];
    for (let t = sc.start; t <= sc.anchor; t += STEP_MS) {
      const v = def.at(t);
      if (v !== undefined) samples.push([t, v]);
    }
    if (samples.length) out.push({ labels: def.labels, samples });
  }
  return out;
}
