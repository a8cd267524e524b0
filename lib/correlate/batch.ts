/**
 * A micro-batch in Spark's own record: pure functions (no I/O). Structured Streaming describes
 * every job and SQL execution of a batch as "<query name>\nid = <query id>\nrunId = <run id>\nbatch =
 * <n>" (Delta appends ": <what>" to the batch line), which is how they are found again.
 */
import type { Batch, SparkJob, SparkSqlExecution, SparkStage } from '@/lib/domain/spark';
import { jobRows, stageRows } from './stages';

export interface BatchIds {
  queryId?: string;
  runId?: string;
  batchId?: number;
}

const line = (text: string, key: string) => new RegExp(`^${key} = ([^\\s:]+)`, 'm').exec(text)?.[1];

/** The query, run and batch a job or SQL description names, if it is a micro-batch's. */
export function batchIdsOf(description: string | undefined): BatchIds {
  if (!description) return {};
  const batch = line(description, 'batch');
  const queryId = line(description, 'id');
  const runId = line(description, 'runId');
  return {
    ...(queryId ? { queryId } : {}),
    ...(runId ? { runId } : {}),
    ...(batch && /^\d+$/.test(batch) ? { batchId: Number(batch) } : {}),
  };
}

/** Whether a description is of this batch (of one of these queries, when they are known). */
export function isOfBatch(
  description: string | undefined,
  batchId: number,
  queryIds?: ReadonlySet<string>,
): boolean {
  const ids = batchIdsOf(description);
  if (ids.batchId !== batchId) return false;
  return !queryIds?.size || (ids.queryId !== undefined && queryIds.has(ids.queryId));
}

/** The batch's SQL executions, jobs and stages out of the app's whole record. */
export function batchRecord(
  record: { jobs: SparkJob[]; stages: SparkStage[]; sql: SparkSqlExecution[] },
  batchId: number,
  queryIds?: ReadonlySet<string>,
): Pick<Batch, 'sql' | 'jobs' | 'stages'> {
  const jobs = record.jobs.filter((j) => isOfBatch(j.description, batchId, queryIds));
  const sql = record.sql
    .filter((x) => isOfBatch(x.description, batchId, queryIds))
    .map((x) => ({
      id: x.id,
      status: x.status,
      description: x.description,
      ...(x.submitted ? { submitted: x.submitted } : {}),
      durationMs: x.durationMs,
      jobIds: [...x.runningJobIds, ...x.successJobIds, ...x.failedJobIds].sort((a, b) => a - b),
    }))
    .sort((a, b) => a.id - b.id);
  const stageIds = new Set(jobs.flatMap((j) => j.stageIds));
  const stages = record.stages.filter((s) => stageIds.has(s.stageId));
  return { sql, jobs: jobRows(jobs), stages: stageRows(stages, jobs) };
}
