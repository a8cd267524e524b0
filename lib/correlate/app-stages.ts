import 'server-only';
import type { AppStages, SparkStage } from '@/lib/domain/spark';
import type { Correlated } from '@/lib/domain/types';
import { UpstreamError } from '@/lib/http/errors';
import type { SparkAppRef } from '@/lib/sources/spark/client';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listStages, taskSummary } from '@/lib/sources/spark/stages';
import { fanOut } from './fan-out';
import { readSpark, resolveSparkApp } from './spark-target';
import { jobRows, mayBeSkewed, stageRows } from './stages';

/** Task summaries asked of one Spark server at a time: enough to overlap, few enough to be kind. */
export const SUMMARY_CONCURRENCY = 4;

/**
 * The task quantiles of the stages that can be flagged as skew, read one `taskSummary` each.
 * Spark computes a summary per stage in milliseconds, so asking for every stage's with the list
 * (`withSummaries`) took seconds on an app of thousands; a stage too short or with too few tasks
 * cannot be skewed whatever its quantiles say. A stage Spark has no task metrics for yet (404)
 * keeps no quantiles; any other failure is a warning naming how many stages went unjudged.
 */
export async function withSkewQuantiles(
  ref: SparkAppRef,
  stages: SparkStage[],
  signal: AbortSignal,
): Promise<{ stages: SparkStage[]; warnings: string[] }> {
  const candidates = stages.filter(mayBeSkewed);
  const found = new Map<SparkStage, SparkStage['taskQuantiles']>();
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const s = candidates[next++]!;
      try {
        found.set(s, await taskSummary(ref, s, { signal }));
      } catch (error) {
        if (!(error instanceof UpstreamError && error.status === 404)) failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_CONCURRENCY }, worker));
  if (signal.aborted) throw signal.reason;
  const warnings = failures.length
    ? [
        `the task quantiles of ${failures.length} of ${candidates.length} stages long enough to be skewed could not be read (${failures[0] instanceof UpstreamError ? failures[0].publicMessage : 'failed'}): their skew is not judged`,
      ]
    : [];
  return {
    stages: stages.map((s) => {
      const q = found.get(s);
      return q ? { ...s, taskQuantiles: q } : s;
    }),
    warnings,
  };
}

/**
 * An app's jobs and diagnosed stages from Spark's own record: its driver UI while it runs, the
 * History Server afterwards. Spark unreachable is the `spark` source's error, not a failed call.
 */
export async function appStages(
  appId: string,
  signal: AbortSignal,
): Promise<Correlated<AppStages>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const resolved = await resolveSparkApp(appId, s);
        const read = await readSpark(resolved, async (ref) => {
          // Jobs and stages in parallel from the same server, then the skew candidates' quantiles.
          const [jobs, stages] = await Promise.all([
            listJobs(ref, { signal: s }),
            listStages(ref, {}, { signal: s }),
          ]);
          return { jobs, ...(await withSkewQuantiles(ref, stages, s)) };
        });
        return {
          value: {
            origin: read.ref.target.origin,
            jobs: jobRows(read.value.jobs),
            stages: stageRows(read.value.stages, read.value.jobs),
          },
          warnings: [...read.warnings, ...read.value.warnings],
        };
      },
    },
    signal,
  );
  return {
    data: {
      appId,
      ...(data.spark ? { origin: data.spark.origin } : {}),
      jobs: data.spark?.jobs ?? [],
      stages: data.spark?.stages ?? [],
    },
    sources,
  };
}
