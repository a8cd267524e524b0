import 'server-only';
import type { AppStages } from '@/lib/domain/spark';
import type { Correlated } from '@/lib/domain/types';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listStages } from '@/lib/sources/spark/stages';
import { fanOut } from './fan-out';
import { readSpark, resolveSparkApp } from './spark-target';
import { jobRows, stageRows } from './stages';

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
          // Jobs and stages in parallel from the same server; quantiles come with the stages.
          const [jobs, stages] = await Promise.all([
            listJobs(ref, { signal: s }),
            listStages(ref, { withSummaries: true }, { signal: s }),
          ]);
          return { jobs, stages };
        });
        return {
          value: {
            origin: read.ref.target.origin,
            jobs: jobRows(read.value.jobs),
            stages: stageRows(read.value.stages, read.value.jobs),
          },
          warnings: read.warnings,
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
