import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import type { SparkAppRef } from '@/lib/sources/spark/client';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listSqlExecutions } from '@/lib/sources/spark/sql';
import { listStages } from '@/lib/sources/spark/stages';
import { batchStageDeltas, phaseDeltas } from '@/lib/domain/batch-compare';
import type { Batch } from '@/lib/domain/spark';
import { batchIdsOf, batchRecord } from './batch';

// Recorded from the driver UI of a real Miaradia run (Kafka source, Delta sink, pyspark 4.0.5)
// during its eleventh micro-batch.
const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'sources', 'spark', 'fixtures', name), 'utf8');
const replay = replayBackends();
const APP = 'app-20261201063325-0000';
const QUERY = '695c65e3-b526-4cbf-9c50-8544c9299d33';

async function record() {
  replay.answer((r) => {
    const last = r.url.pathname.split('/').at(-1);
    return new Response(fixture(`spark.${last}.streaming.json`));
  });
  const ref: SparkAppRef = { target: { origin: 'driver', url: replay.url }, appId: APP };
  const [jobs, stages, sql] = await Promise.all([
    listJobs(ref),
    listStages(ref, { withSummaries: true }),
    listSqlExecutions(ref),
  ]);
  return { jobs, stages, sql };
}

describe('a micro-batch in Spark’s record', () => {
  it('reads the query, run and batch from a streaming description, Delta’s suffix included', () => {
    expect(
      batchIdsOf(
        `Delta: avg_price_per_city\nid = ${QUERY}\nrunId = 4d010d9f-9690-4484-a546-14c181b35d2a\nbatch = 10: Compute snapshot for version: 10`,
      ),
    ).toEqual({ queryId: QUERY, runId: '4d010d9f-9690-4484-a546-14c181b35d2a', batchId: 10 });
    expect(batchIdsOf('daily revenue per city')).toEqual({});
    expect(batchIdsOf(undefined)).toEqual({});
  });

  it('picks the batch’s SQL executions, jobs and stages out of a real run', async () => {
    const r = batchRecord(await record(), 9);
    expect(r.jobs.map((j) => j.jobId)).toEqual([10]);
    expect(r.stages.map((s) => s.stageId).sort((a, b) => a - b)).toEqual([18, 19]);
    expect(r.stages.every((s) => s.jobIds.includes(10))).toBe(true);
    expect(r.sql.length).toBeGreaterThan(0);
    expect(r.sql.every((x) => /^batch = 9$/m.test(x.description))).toBe(true);
    expect(r.sql.flatMap((x) => x.jobIds)).toContain(10);
  });

  it('keeps a batch number of another query out when the queries are known', async () => {
    const all = await record();
    expect(batchRecord(all, 9, new Set(['another-query'])).jobs).toEqual([]);
    expect(batchRecord(all, 9, new Set([QUERY])).jobs.map((j) => j.jobId)).toEqual([10]);
    // Batch 10's Delta job ("batch = 10: Compute snapshot…") is batch 10's, not batch 1's.
    expect(batchRecord(all, 10).jobs.map((j) => j.jobId)).toEqual([11, 12]);
    expect(batchRecord(all, 1).jobs.every((j) => !j.description?.includes('batch = 10'))).toBe(
      true,
    );
  });

  it('compares two batches of the query stage by stage and phase by phase', async () => {
    const all = await record();
    const batch = (n: number): Batch => ({
      appId: APP,
      batchId: n,
      progress: [],
      ...batchRecord(all, n),
    });
    const deltas = batchStageDeltas(batch(9), batch(8));
    // Every batch runs the same plan: each stage of batch 9 finds its peer in batch 8.
    expect(deltas.length).toBe(batch(9).stages.filter((s) => s.status !== 'SKIPPED').length);
    expect(deltas.every((d) => d.current && d.base && d.current.stageId !== d.base.stageId)).toBe(
      true,
    );
    const d = deltas.map((x) => x.durationMs);
    expect(d).toEqual([...d].sort((a, b) => b - a));
    expect(deltas[0]?.durationMs).toBe(
      (deltas[0]?.current?.durationMs ?? 0) - (deltas[0]?.base?.durationMs ?? 0),
    );

    const now = { durationMs: { addBatch: 2744, walCommit: 50 } };
    const before = { durationMs: { addBatch: 1000, getBatch: 1 } };
    expect(
      phaseDeltas(now as never, before as never).sort((a, b) => a.phase.localeCompare(b.phase)),
    ).toEqual([
      { phase: 'addBatch', base: 1000, current: 2744 },
      { phase: 'getBatch', base: 1 },
      { phase: 'walCommit', current: 50 },
    ]);
  });
});
