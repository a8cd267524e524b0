import 'server-only';
import type { AppStages, SparkStage, StageSummaries, TaskQuantiles } from '@/lib/domain/spark';
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

type StageRef = { stageId: number; attemptId: number };
const keyOf = (s: StageRef) => `${s.stageId}.${s.attemptId}`;

/**
 * One `taskSummary` per stage attempt, SUMMARY_CONCURRENCY at a time. A stage Spark has no task
 * metrics for yet (404) has no entry; other failures are returned, not thrown.
 */
async function summariesOf(
  ref: SparkAppRef,
  stages: StageRef[],
  signal: AbortSignal,
): Promise<{ found: Map<string, TaskQuantiles>; failures: unknown[] }> {
  const found = new Map<string, TaskQuantiles>();
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < stages.length) {
      const s = stages[next++]!;
      try {
        found.set(keyOf(s), await taskSummary(ref, s, { signal }));
      } catch (error) {
        if (!(error instanceof UpstreamError && error.status === 404)) failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_CONCURRENCY }, worker));
  if (signal.aborted) throw signal.reason;
  return { found, failures };
}

const failedText = (failures: unknown[]) =>
  failures[0] instanceof UpstreamError ? failures[0].publicMessage : 'failed';

/**
 * The task quantiles of the stages that can be flagged as skew, read one `taskSummary` each.
 * Spark computes a summary per stage in milliseconds, so asking for every stage's with the list
 * (`withSummaries`) took seconds on an app of thousands; a stage too short or with too few tasks
 * cannot be skewed whatever its quantiles say (the page asks for those it shows through
 * appStageSummaries). A failure is a warning naming how many stages went unjudged.
 */
export async function withSkewQuantiles(
  ref: SparkAppRef,
  stages: SparkStage[],
  signal: AbortSignal,
): Promise<{ stages: SparkStage[]; warnings: string[] }> {
  const candidates = stages.filter(mayBeSkewed);
  const { found, failures } = await summariesOf(ref, candidates, signal);
  const warnings = failures.length
    ? [
        `the task quantiles of ${failures.length} of ${candidates.length} stages long enough to be skewed could not be read (${failedText(failures)}): their skew is not judged`,
      ]
    : [];
  return {
    stages: stages.map((s) => {
      const q = found.get(keyOf(s));
      return q ? { ...s, taskQuantiles: q } : s;
    }),
    warnings,
  };
}

/**
 * The task-duration quantiles of some stage attempts of an app (the stage table asks for the rows
 * in view whose quantiles the stage list did not carry). A stage with no task metrics yet is left
 * out; Spark unreachable is the `spark` source's error.
 */
export async function appStageSummaries(
  appId: string,
  stages: StageRef[],
  signal: AbortSignal,
): Promise<Correlated<StageSummaries>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const read = await readSpark(await resolveSparkApp(appId, s), (ref) =>
          summariesOf(ref, stages, s),
        );
        const { found, failures } = read.value;
        return {
          value: stages.flatMap((ref) => {
            const q = found.get(keyOf(ref));
            return q
              ? [{ ...ref, taskDurationMs: { quantiles: q.quantiles, values: q.durationMs } }]
              : [];
          }),
          warnings: [
            ...read.warnings,
            ...(failures.length
              ? [
                  `the task quantiles of ${failures.length} of ${stages.length} stages could not be read (${failedText(failures)})`,
                ]
              : []),
          ],
        };
      },
    },
    signal,
  );
  return { data: { appId, summaries: data.spark ?? [] }, sources };
}

/**
 * An app's jobs and diagnosed stages from Spark's own record: its driver UI while it runs, the
 * History Server afterwards. Spark unreachable is the `spark` source's error, not a failed call.
 * Task quantiles come with the stages that can be skewed; `everyQuantile` asks for every stage's
 * (an incident freezes them: its page cannot ask Spark later).
 */
export async function appStages(
  appId: string,
  signal: AbortSignal,
  { everyQuantile = false }: { everyQuantile?: boolean } = {},
): Promise<Correlated<AppStages>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const resolved = await resolveSparkApp(appId, s);
        const read = await readSpark(resolved, async (ref) => {
          // Jobs and stages in parallel from the same server, then the skew candidates' quantiles.
          const [jobs, stages] = await Promise.all([
            listJobs(ref, { signal: s }),
            listStages(ref, { withSummaries: everyQuantile }, { signal: s }),
          ]);
          if (everyQuantile) return { jobs, stages, warnings: [] };
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
