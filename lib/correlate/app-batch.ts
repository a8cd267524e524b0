import 'server-only';
import type { Batch } from '@/lib/domain/spark';
import type { Correlated } from '@/lib/domain/types';
import { batchProgress } from '@/lib/sources/elasticsearch/progress';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listSqlExecutions } from '@/lib/sources/spark/sql';
import { listStages } from '@/lib/sources/spark/stages';
import { batchRecord } from './batch';
import { fanOut } from './fan-out';
import { mapped } from './mapping';
import { readSpark, resolveSparkApp } from './spark-target';

/** SQL executions read per app: a streaming app's recent batches (Spark keeps 1,000 by default). */
const SQL_LIMIT = 1000;

/**
 * One micro-batch on one page: its progress from the driver's progress log line
 * (Elasticsearch), its SQL executions, jobs and stages from Spark's own record, matched by the
 * batch named in their descriptions. The logs and trace are the logs and traces routes' own,
 * filtered by the batch.
 */
export async function appBatch(
  appId: string,
  batchId: number,
  signal: AbortSignal,
): Promise<Correlated<Batch>> {
  const { data, sources } = await fanOut(
    {
      elasticsearch: (s) => batchProgress(appId, batchId, mapped(s)),
      spark: async (s) => {
        const resolved = await resolveSparkApp(appId, s);
        const read = await readSpark(resolved, async (ref) => {
          const [jobs, stages, sql] = await Promise.all([
            listJobs(ref, { signal: s }),
            listStages(ref, { withSummaries: true }, { signal: s }),
            listSqlExecutions(ref, { length: SQL_LIMIT }, { signal: s }),
          ]);
          return { jobs, stages, sql };
        });
        const warnings = [...read.warnings];
        if (read.value.sql.length >= SQL_LIMIT)
          warnings.push(
            `${SQL_LIMIT} SQL executions read, as many as asked for: an older batch's may be beyond them`,
          );
        return { value: batchRecord(read.value, batchId), warnings };
      },
    },
    signal,
  );
  return {
    data: {
      appId,
      batchId,
      progress: data.elasticsearch ?? [],
      sql: data.spark?.sql ?? [],
      jobs: data.spark?.jobs ?? [],
      stages: data.spark?.stages ?? [],
    },
    sources,
  };
}
