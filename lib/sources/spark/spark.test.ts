import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '@/lib/http/errors';
import { replayBackends } from '@/lib/http/replay';
import { getApplication, listApplications } from './applications';
import { type SparkAppRef, type SparkTarget, appPath } from './client';
import { getEnvironment } from './environment';
import { listExecutors } from './executors';
import { probeSparkHistory } from './health';
import { listJobs } from './jobs';
import { listSqlExecutions } from './sql';
import { listStages, listTasks, taskSummary } from './stages';

// Answers recorded from a real History Server (pyspark 4.0.5) over the event log of
// scripts/seed/spark/history_job.py (its first version: 400,000 rows in the skewed sort), and from
// a running driver UI; machine paths replaced,
// the environment's classpath and Hadoop properties shortened.
const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const replay = replayBackends();
const APP = 'app-20261201033610-0000';

function serve(name: string) {
  replay.answer(() => new Response(fixture(name)));
  return replay.calls;
}

/** A recorded error answer: `{status, contentType, body}`. */
function serveError(name: string) {
  const recorded = JSON.parse(fixture(name)) as {
    status: number;
    contentType: string;
    body: string;
  };
  replay.answer(
    () =>
      new Response(recorded.body, {
        status: recorded.status,
        headers: { 'content-type': recorded.contentType },
      }),
  );
}

const history = (): SparkTarget => ({ origin: 'history', url: replay.url });
const app = (): SparkAppRef => ({ target: history(), appId: APP });

describe('Spark monitoring REST API', () => {
  it('lists applications with their attempts in epoch ms, asking only what was given', async () => {
    const calls = serve('spark.applications.finished.json');
    const apps = await listApplications(history(), { status: 'completed', limit: 10 });
    expect(calls[0]?.url.pathname).toBe('/api/v1/applications');
    expect(Object.fromEntries(calls[0]?.url.searchParams ?? [])).toEqual({
      status: 'completed',
      limit: '10',
    });
    expect(apps).toEqual([
      {
        appId: APP,
        name: 'sparkwatch-history-seed',
        attempts: [
          expect.objectContaining({
            start: Date.parse('2026-12-01T03:36:06.772Z'),
            end: expect.any(Number),
            completed: true,
            sparkVersion: '4.0.5',
          }),
        ],
      },
    ]);
    expect(apps[0]?.attempts[0]).not.toHaveProperty('attemptId');
  });

  it("reads a running app's epoch-eve end time as no end (History Server and driver UI)", async () => {
    serve('spark.applications.history-running.json');
    const [fromHistory] = await listApplications(history(), { status: 'running' });
    expect(fromHistory?.attempts[0]?.completed).toBe(false);
    expect(fromHistory?.attempts[0]).not.toHaveProperty('end');
    const calls = serve('spark.applications.driver-running.json');
    const driver: SparkTarget = { origin: 'driver', url: `${replay.url}/proxy` };
    const [fromDriver] = await listApplications(driver);
    expect(calls[0]?.url.pathname).toBe('/proxy/api/v1/applications');
    expect(fromDriver?.attempts[0]).not.toHaveProperty('end');
  });

  it('escapes ids into path segments, an attempt id included', () => {
    expect(appPath({ target: history(), appId: 'a/../b', attemptId: '1' }, 'stages', 3)).toBe(
      '/applications/a%2F..%2Fb/1/stages/3',
    );
    expect(appPath(app(), 'jobs')).toBe(`/applications/${APP}/jobs`);
  });

  it('reads one application', async () => {
    const calls = serve('spark.application.finished.json');
    const a = await getApplication(history(), APP);
    expect(calls[0]?.url.pathname).toBe(`/api/v1/applications/${APP}`);
    expect(a.attempts[0]?.durationMs).toBeGreaterThan(0);
  });

  it('maps jobs with their stages, statuses and failed tasks', async () => {
    serve('spark.jobs.seed.json');
    const jobs = await listJobs(app());
    expect(jobs.map((j) => [j.jobId, j.description, j.status, j.numFailedTasks])).toEqual([
      [2, 'retried task', 'SUCCEEDED', 1],
      [1, 'aggregation', 'SUCCEEDED', 0],
      [0, 'skewed sort', 'SUCCEEDED', 0],
    ]);
    expect(jobs[0]?.stageIds).toEqual([4, 5]);
    expect(jobs[0]?.completed).toBeGreaterThan(jobs[0]?.submitted ?? Infinity);
  });

  it('lists stages with their task quantiles in one call (withSummaries)', async () => {
    const calls = serve('spark.stages.with-summaries.json');
    const stages = await listStages(app(), { withSummaries: true });
    expect(calls[0]?.url.searchParams.get('withSummaries')).toBe('true');
    expect(calls[0]?.url.searchParams.get('quantiles')).toBe('0,0.25,0.5,0.75,0.95,1');
    const skewed = stages.find((s) => s.stageId === 1);
    expect(skewed).toMatchObject({ status: 'COMPLETE', numTasks: 16, description: 'skewed sort' });
    expect(skewed?.memoryBytesSpilled).toBe(301_989_600);
    expect(skewed?.diskBytesSpilled).toBeGreaterThan(0);
    const q = skewed?.taskQuantiles;
    expect(q?.quantiles).toEqual([0, 0.25, 0.5, 0.75, 0.95, 1]);
    // The one partition holding nine rows in ten: its task is ten times the median.
    expect((q?.durationMs[5] ?? 0) / (q?.durationMs[2] ?? 1)).toBeGreaterThan(5);
    expect(stages.find((s) => s.stageId === 4)?.numFailedTasks).toBe(1);
    expect(skewed?.callSite).toMatch(/^org\.apache\.spark\./);
  });

  it('lists stages without quantiles unless asked', async () => {
    const calls = serve('spark.stages.seed.json');
    const stages = await listStages(app());
    expect([...(calls[0]?.url.searchParams.keys() ?? [])]).toEqual([]);
    expect(stages.every((s) => s.taskQuantiles === undefined)).toBe(true);
    expect(stages.find((s) => s.stageId === 0)?.executorCpuTimeMs).toBeGreaterThan(0);
  });

  it("reads one stage attempt's task summary", async () => {
    const calls = serve('spark.task-summary.skewed.json');
    const q = await taskSummary(app(), { stageId: 1, attemptId: 0 });
    expect(calls[0]?.url.pathname).toBe(`/api/v1/applications/${APP}/stages/1/0/taskSummary`);
    expect(q.durationMs).toHaveLength(6);
    expect(q.memoryBytesSpilled[5]).toBe(301_989_600);
  });

  it('reads a stage list the same element by element, compact or refused as a whole', async () => {
    serve('spark.stages.seed.json');
    const pretty = await listStages(app());
    replay.answer(
      () => new Response(JSON.stringify(JSON.parse(fixture('spark.stages.seed.json')))),
    );
    expect(await listStages(app())).toEqual(pretty);
    // An element zod must fill in (a member with a default missing, a status it does not know)
    // reads the same in Spark's layout, where well-formed elements are read as they are.
    const odd = fixture('spark.stages.seed.json')
      .replace(/\n {2}"numKilledTasks" : 0,/, '')
      .replace('"status" : "COMPLETE"', '"status" : "SOMETHING_NEW"');
    expect(odd).not.toBe(fixture('spark.stages.seed.json'));
    replay.answer(() => new Response(odd));
    const oddRead = await listStages(app());
    replay.answer(() => new Response(JSON.stringify(JSON.parse(odd))));
    expect(oddRead).toEqual(await listStages(app()));
    expect(oddRead[0]).toMatchObject({ status: 'PENDING', numKilledTasks: 0 });
    // Spark's own layout, the third stage's id garbled: the error names it as before.
    const garbled = fixture('spark.stages.seed.json').replace('"stageId" : 3,', '"stageId" : "3",');
    replay.answer(() => new Response(garbled));
    const error = await listStages(app()).catch((e: unknown) => e);
    expect(error).toMatchObject({ source: 'spark', kind: 'bad_response' });
    expect((error as Error).message).toMatch(/^spark answered an unexpected shape \(2\.stageId: /);
  });

  it('refuses a task summary that is not one, naming what is wrong', async () => {
    replay.answer(() => Response.json({ quantiles: [0.5], duration: 'fast' }));
    const error = await taskSummary(app(), { stageId: 1, attemptId: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ source: 'spark', kind: 'bad_response' });
    expect((error as Error).message).toMatch(/^spark answered an unexpected shape \(duration: /);
  });

  it('lists tasks a page at a time, the failed attempt with its error', async () => {
    const calls = serve('spark.task-list.retried.json');
    const tasks = await listTasks(app(), { stageId: 4, attemptId: 0, length: 20 });
    expect(Object.fromEntries(calls[0]?.url.searchParams ?? [])).toEqual({
      sortBy: 'ID',
      offset: '0',
      length: '20',
    });
    const failed = tasks.filter((t) => t.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ index: 3, attempt: 0, executorId: expect.any(String) });
    expect(failed[0]?.errorMessage).toMatch(/planned failure of the first attempt/);
    expect(tasks.some((t) => t.index === 3 && t.attempt === 1 && t.status === 'SUCCESS')).toBe(
      true,
    );
  });

  it('lists the slowest tasks first', async () => {
    const calls = serve('spark.task-list.slowest.json');
    const tasks = await listTasks(app(), {
      stageId: 1,
      attemptId: 0,
      sortBy: '-runtime',
      length: 3,
    });
    expect(calls[0]?.url.searchParams.get('sortBy')).toBe('-runtime');
    expect(tasks[0]?.memoryBytesSpilled).toBeGreaterThan(0);
    expect(tasks[0]?.durationMs).toBeGreaterThanOrEqual(tasks[1]?.durationMs ?? Infinity);
  });

  it('lists every executor the app had, the driver included', async () => {
    const calls = serve('spark.allexecutors.finished.json');
    const executors = await listExecutors(app(), 'all');
    expect(calls[0]?.url.pathname).toBe(`/api/v1/applications/${APP}/allexecutors`);
    expect(executors.map((e) => e.executorId).sort()).toEqual(['0', '1', 'driver']);
    expect(executors.find((e) => e.executorId === '1')).toMatchObject({
      totalCores: 1,
      completedTasks: 24,
      totalGcTimeMs: 311,
    });
    serve('spark.executors.finished.json');
    await listExecutors(app(), 'active');
    expect(replay.calls[0]?.url.pathname).toBe(`/api/v1/applications/${APP}/executors`);
  });

  it('lists SQL executions with their jobs, without plans', async () => {
    const calls = serve('spark.sql.seed.json');
    const sql = await listSqlExecutions(app());
    expect(calls[0]?.url.searchParams.get('details')).toBe('false');
    expect(calls[0]?.url.searchParams.get('planDescription')).toBe('false');
    expect(sql[0]).toMatchObject({ id: 0, status: 'COMPLETED', description: 'skewed sort' });
    expect(sql[0]?.successJobIds).toEqual([0]);
  });

  it('reads the Spark properties the app ran with', async () => {
    serve('spark.environment.seed.json');
    const env = await getEnvironment(app());
    expect(env.sparkProperties['spark.sql.shuffle.partitions']).toBe('4');
    expect(env.sparkProperties['spark.app.name']).toBe('sparkwatch-history-seed');
    expect(env.javaVersion).toMatch(/^17\./);
  });

  it("turns Spark's 404 lines into errors that say what is missing", async () => {
    serveError('spark.jobs.unknown-app.json');
    const error = await listJobs({ target: history(), appId: 'app-19700101000000-0000' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ source: 'spark', kind: 'http', status: 404 });
    expect((error as Error).message).toBe(
      'spark History Server answered HTTP 404: no such app: app-19700101000000-0000',
    );
    serveError('spark.task-summary.unknown-stage.json');
    await expect(taskSummary(app(), { stageId: 99, attemptId: 0 })).rejects.toThrow(
      /No tasks reported metrics for 99 \/ 0/,
    );
  });

  it("probes the configured History Server's version", async () => {
    const calls = serve('spark.version.history.json');
    expect(await probeSparkHistory()).toEqual({ version: '4.0.5' });
    expect(calls[0]?.url.pathname).toBe('/api/v1/version');
  });
});
