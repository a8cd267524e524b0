import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '@/lib/http/errors';
import { getApplication, listApplications } from './applications';
import { type SparkAppRef, historyServer } from './client';
import { getEnvironment } from './environment';
import { listExecutors } from './executors';
import { probeSparkHistory } from './health';
import { listJobs } from './jobs';
import { listSqlExecutions } from './sql';
import { listStages, listTasks, taskSummary } from './stages';

// The real History Server of the local stack, over the finished app the seed's Spark job wrote
// (scripts/seed/spark-history.sh; npm test seeds first).
const stack = process.env.SW_STACK_DIR || '.stack';
const seeded = JSON.parse(readFileSync(`${stack}/seed/spark-history.json`, 'utf8')) as {
  appId: string;
};

/** The History Server lists a new event log at its next scan (spark.history.fs.update.interval). */
async function listed(appId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const apps = await listApplications(historyServer(), { status: 'completed' });
    if (apps.some((a) => a.appId === appId)) return;
    if (Date.now() > deadline) throw new Error(`${appId} not listed by the History Server in 60 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('the Spark source on the real History Server', () => {
  const app = (): SparkAppRef => ({ target: historyServer(), appId: seeded.appId });

  it(
    'reads the seeded app: jobs, stages with quantiles, tasks, executors, SQL, environment',
    { timeout: 90_000 },
    async () => {
      expect((await probeSparkHistory()).version).toMatch(/^4\.0\.\d+$/);
      await listed(seeded.appId);
      const a = await getApplication(historyServer(), seeded.appId);
      expect(a.name).toBe('sparkwatch-history-seed');
      expect(a.attempts[0]?.completed).toBe(true);

      const jobs = await listJobs(app());
      expect(jobs.map((j) => j.description)).toEqual([
        'retried task',
        'aggregation',
        'skewed sort',
      ]);

      const stages = await listStages(app(), { withSummaries: true });
      const skewed = stages.find((s) => s.description === 'skewed sort' && s.numTasks === 16);
      const q = skewed?.taskQuantiles;
      expect(q?.quantiles).toEqual([0, 0.25, 0.5, 0.75, 0.95, 1]);
      expect(skewed?.memoryBytesSpilled).toBeGreaterThan(0);
      // Nine rows in ten go to one of 16 partitions: its task dwarfs the median.
      expect(
        (q?.shuffleReadBytes[5] ?? 0) / Math.max(1, q?.shuffleReadBytes[2] ?? 0),
      ).toBeGreaterThan(5);
      const single = await taskSummary(app(), { stageId: skewed?.stageId ?? -1, attemptId: 0 });
      expect(single.shuffleReadBytes).toEqual(q?.shuffleReadBytes);

      const retried = stages.find((s) => s.numFailedTasks > 0);
      expect(retried?.description).toBe('retried task');
      const tasks = await listTasks(app(), {
        stageId: retried?.stageId ?? -1,
        attemptId: 0,
        status: 'FAILED',
      });
      expect(tasks[0]?.errorMessage).toMatch(/planned failure/);

      const executors = await listExecutors(app(), 'all');
      expect(executors.filter((e) => e.executorId !== 'driver')).toHaveLength(2);
      expect((await listSqlExecutions(app())).length).toBeGreaterThanOrEqual(2);
      const env = await getEnvironment(app());
      expect(env.sparkProperties['spark.eventLog.enabled']).toBe('true');
    },
  );

  it('says which app it does not know', async () => {
    const error = await listJobs({
      target: historyServer(),
      appId: 'app-19700101000000-0000',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(404);
    expect((error as Error).message).toMatch(/no such app: app-19700101000000-0000/);
  });
});
