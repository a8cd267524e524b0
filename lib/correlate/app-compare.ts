import 'server-only';
import type {
  AppComparison,
  AppRuns,
  SparkApplication,
  SparkStage,
  StageDelta,
} from '@/lib/domain/spark';
import type { Correlated, TimeWindow } from '@/lib/domain/types';
import { logVolumeByLogger } from '@/lib/sources/elasticsearch/log-volume';
import { getApplication, listApplications } from '@/lib/sources/spark/applications';
import { historyServer } from '@/lib/sources/spark/client';
import { getEnvironment } from '@/lib/sources/spark/environment';
import { listStages, listTasks } from '@/lib/sources/spark/stages';
import { withSkewQuantiles } from './app-stages';
import { propertyDiff, runsOfName, stageDeltas, toRun } from './compare';
import { fanOut } from './fan-out';
import { mapped } from './mapping';
import { readSpark, resolveSparkApp } from './spark-target';

/** How many applications of the History Server's list are searched for other runs of a name. */
const RUN_LIST_LIMIT = 500;
/** Flagged regressed stages whose slowest task is looked up (one taskList call each). */
const SLOWEST_TASK_LOOKUPS = 3;
/** Log lines are counted over the run's lifetime, padded for the shipper's delay. */
const LOG_PAD_MS = 5 * 60_000;

/** Other runs of an app's name that the History Server holds, and the one right before it. */
export async function appRuns(appId: string, signal: AbortSignal): Promise<Correlated<AppRuns>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const [current, listed] = await Promise.all([
          getApplication(historyServer(), appId, { signal: s }),
          listApplications(historyServer(), { limit: RUN_LIST_LIMIT }, { signal: s }),
        ]);
        return { name: current.name, ...runsOfName(current, listed) };
      },
    },
    signal,
  );
  return {
    data: {
      appId,
      ...(data.spark ? { name: data.spark.name } : {}),
      ...(data.spark?.previous ? { previous: data.spark.previous } : {}),
      runs: data.spark?.runs ?? [],
    },
    sources,
  };
}

interface RunRecord {
  application?: SparkApplication;
  stages: SparkStage[];
  properties: Record<string, string>;
  read: Awaited<ReturnType<typeof readSpark<unknown>>>['ref'];
  warnings: string[];
}

async function readRun(appId: string, signal: AbortSignal): Promise<RunRecord> {
  const resolved = await resolveSparkApp(appId, signal);
  const read = await readSpark(resolved, async (ref) => {
    const [stages, env] = await Promise.all([
      listStages(ref, {}, { signal }),
      getEnvironment(ref, { signal }),
    ]);
    // Quantiles only judge skew here: those of the stages that can be skewed are enough.
    return { ...(await withSkewQuantiles(ref, stages, signal)), env };
  });
  return {
    ...(resolved.application ? { application: resolved.application } : {}),
    stages: read.value.stages,
    properties: read.value.env.sparkProperties,
    read: read.ref,
    warnings: [...read.warnings, ...read.value.warnings],
  };
}

/** The current run's slowest task of the first few flagged regressed stages: whose logs to read. */
async function withSlowestTasks(
  deltas: StageDelta[],
  run: RunRecord,
  signal: AbortSignal,
): Promise<{ deltas: StageDelta[]; warnings: string[] }> {
  const warnings: string[] = [];
  const picked = deltas
    .filter((d) => d.current?.flags.length && d.delta.durationMs > 0)
    .slice(0, SLOWEST_TASK_LOOKUPS);
  const found = await Promise.allSettled(
    picked.map(async (d) => {
      const c = d.current!;
      const [task] = await listTasks(
        run.read,
        { stageId: c.stageId, attemptId: c.attemptId, sortBy: '-runtime', length: 1 },
        { signal },
      );
      return { key: d.key, task };
    }),
  );
  const slowest = new Map<string, StageDelta['slowestTask']>();
  for (const r of found) {
    if (r.status === 'rejected') {
      warnings.push(`slowest task not found: ${(r.reason as Error).message}`);
      continue;
    }
    const t = r.value.task;
    if (t)
      slowest.set(r.value.key, {
        taskId: t.taskId,
        executorId: t.executorId,
        durationMs: t.durationMs ?? 0,
      });
  }
  return {
    deltas: deltas.map((d) => {
      const t = slowest.get(d.key);
      return t ? { ...d, slowestTask: t } : d;
    }),
    warnings,
  };
}

function lifetimeOf(app: SparkApplication | undefined, now: number): TimeWindow {
  const a = app?.attempts[0];
  if (!a?.start) return { from: 0, to: now };
  return { from: a.start - LOG_PAD_MS, to: Math.min(now, (a.end ?? now) + LOG_PAD_MS) };
}

/**
 * Two runs side by side — `appId` (current) against `otherAppId` (base): Spark's stages matched
 * across the runs with their deltas and the properties that differ (Spark source), and each run's
 * log volume by logger (Elasticsearch). Either source failing leaves the other's part.
 */
export async function compareApps(
  appId: string,
  otherAppId: string,
  signal: AbortSignal,
): Promise<Correlated<AppComparison>> {
  // Both sources need the runs' lifetimes; the log counts fall back to all time without them.
  const apps = Promise.allSettled([
    getApplication(historyServer(), appId, { signal }),
    getApplication(historyServer(), otherAppId, { signal }),
  ]);
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const [current, base] = await Promise.all([readRun(appId, s), readRun(otherAppId, s)]);
        const slow = await withSlowestTasks(stageDeltas(current.stages, base.stages), current, s);
        return {
          value: {
            ...(current.application ? { current: toRun(current.application) } : {}),
            ...(base.application ? { base: toRun(base.application) } : {}),
            stages: slow.deltas,
            properties: propertyDiff(current.properties, base.properties),
          },
          warnings: [...current.warnings, ...base.warnings, ...slow.warnings],
        };
      },
      elasticsearch: async (s) => {
        const [a, b] = await apps;
        const now = Date.now();
        const windowOf = (r: typeof a) =>
          lifetimeOf(r.status === 'fulfilled' ? r.value : undefined, now);
        const [current, base] = await Promise.all([
          logVolumeByLogger(appId, windowOf(a), mapped(s)),
          logVolumeByLogger(otherAppId, windowOf(b), mapped(s)),
        ]);
        return { current, base };
      },
    },
    signal,
  );
  return {
    data: {
      ...(data.spark?.current ? { current: data.spark.current } : {}),
      ...(data.spark?.base ? { base: data.spark.base } : {}),
      stages: data.spark?.stages ?? [],
      properties: data.spark?.properties ?? [],
      ...(data.elasticsearch ? { logs: data.elasticsearch } : {}),
    },
    sources,
  };
}
