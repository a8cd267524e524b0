import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import { answerRef, departures } from '@/lib/api/conformance';
import { appLifetime } from '@/lib/correlate/app-lifetime';
import { appStages } from '@/lib/correlate/app-stages';
import type { AppStages } from '@/lib/domain/spark';
import { getApplication } from '@/lib/sources/spark/applications';
import { historyServer } from '@/lib/sources/spark/client';
import { lifetimeWindow } from '@/lib/url/app';
import { freePort } from '@/lib/testing/free-port';
import type { Correlated, Coverage } from '@/lib/domain/types';
import type { AppComparison, AppRuns, StageSummaries } from '@/lib/domain/spark';
import { GET as compare } from './apps/[appId]/compare/[otherAppId]/route';
import { GET as runsOf } from './apps/[appId]/runs/route';
import { GET } from './apps/[appId]/stages/route';
import { GET as summariesGET } from './apps/[appId]/stages/summaries/route';

// GET /api/apps/{appId}/stages on a real History Server of its own (stopped in the second case,
// so the shared stack's is never touched), over the event log the seed's real Spark job wrote.
let stack: string;
let port: number;
let appId: string;

const env = () => ({ ...process.env, SW_STACK_DIR: stack, SW_SPARK_HISTORY_PORT: String(port) });
const script = (...args: string[]) =>
  execFileSync('bash', args, { env: env(), stdio: 'inherit', timeout: 600_000 });

async function stagesOf(id: string): Promise<Correlated<AppStages>> {
  const response = await GET(signedIn(`http://console.test/api/apps/${id}/stages`), {
    params: Promise.resolve({ appId: id }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Correlated<AppStages>;
  expect(departures(answerRef('/api/apps/{appId}/stages'), body)).toEqual([]);
  return body;
}

beforeAll(async () => {
  stack = mkdtempSync(path.join(tmpdir(), 'sparkwatch-stages-'));
  port = await freePort();
  // The seed's event log (its Spark job runs once per job version, cached), then the server.
  script('scripts/seed/spark-history.sh');
  script('scripts/stack.sh', 'up', 'spark-history');
  appId = (
    JSON.parse(readFileSync(path.join(stack, 'seed', 'spark-history.json'), 'utf8')) as {
      appId: string;
    }
  ).appId;
  // Read once, at first use, by the code under test.
  vi.stubEnv('SPARK_HISTORY_URL', `http://127.0.0.1:${port}`);
});

afterAll(() => {
  script('scripts/stack.sh', 'down', 'spark-history');
  vi.unstubAllEnvs();
  rmSync(stack, { recursive: true, force: true });
});

describe('GET /api/apps/{appId}/stages on a real History Server', () => {
  it('answers jobs and stages with durations, bytes, quantiles and the flags of the seeded run', async () => {
    // The History Server lists a new event log at its next scan.
    let body = await stagesOf(appId);
    for (let i = 0; i < 60 && body.sources.spark?.state !== 'ok'; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      body = await stagesOf(appId);
    }
    expect(body.sources.spark?.state).toBe('ok');
    expect(body.data.origin).toBe('history');
    expect(body.data.jobs.map((j) => j.description)).toEqual([
      'skewed sort',
      'aggregation',
      'retried task',
    ]);
    // Which stages carry which flags is the run's design; GC shares vary with the machine's load.
    const kinds = (kind: string) =>
      body.data.stages.filter((st) => st.flags.some((f) => f.kind === kind));
    expect(kinds('skew').map((st) => [st.description, st.numTasks])).toEqual([['skewed sort', 16]]);
    expect(kinds('spill').map((st) => st.stageId)).toEqual(kinds('skew').map((st) => st.stageId));
    expect(kinds('failed').map((st) => [st.description, st.failedTasks])).toEqual([
      ['retried task', 1],
    ]);
    const [skewed] = kinds('skew');
    const skew = skewed?.flags.find((f) => f.kind === 'skew')?.numbers;
    expect(skew?.ratio).toBeGreaterThanOrEqual(3);
    expect(skew?.tasks).toBe(16);
    expect(skew?.maxTaskMs).toBe(skewed?.taskDurationMs?.values.at(-1));
    expect(skewed?.memorySpilledBytes).toBeGreaterThan(0);
    expect(skewed?.shuffleReadBytes).toBeGreaterThan(0);
    expect(skewed?.durationMs).toBeGreaterThan(0);
  });

  it('reads task quantiles with the list only for stages that can be skewed, the others on request', async () => {
    const body = await stagesOf(appId);
    expect(body.sources.spark?.state).toBe('ok');
    // 8+ tasks and a run over a second: the sort's stages, not the 4-task ones.
    const withQuantiles = body.data.stages.filter((st) => st.taskDurationMs);
    expect(withQuantiles.every((st) => st.numTasks >= 8)).toBe(true);
    const without = body.data.stages.filter((st) => !st.taskDurationMs);
    expect(without.length).toBeGreaterThan(0);
    const asked = without.map((st) => `${st.stageId}.${st.attemptId}`);
    const url = `http://console.test/api/apps/${appId}/stages/summaries?stages=${asked.join(',')}`;
    const response = await summariesGET(signedIn(url), { params: Promise.resolve({ appId }) });
    expect(response.status).toBe(200);
    const summaries = (await response.json()) as Correlated<StageSummaries>;
    expect(departures(answerRef('/api/apps/{appId}/stages/summaries'), summaries)).toEqual([]);
    expect(summaries.sources.spark?.state).toBe('ok');
    expect(summaries.data.summaries.map((x) => `${x.stageId}.${x.attemptId}`)).toEqual(asked);
    for (const x of summaries.data.summaries) {
      expect(x.taskDurationMs.quantiles).toEqual([0, 0.25, 0.5, 0.75, 0.95, 1]);
      expect(x.taskDurationMs.values[5]).toBeGreaterThanOrEqual(x.taskDurationMs.values[2] ?? 0);
      expect(x.taskDurationMs.values[5]).toBeGreaterThan(0);
    }
  });

  it('freezes every stage’s task quantiles for an incident, which cannot ask Spark later', async () => {
    const frozen = await appStages(appId, AbortSignal.timeout(30_000), { everyQuantile: true });
    expect(frozen.sources.spark?.state).toBe('ok');
    expect(frozen.data.stages.length).toBe(6);
    expect(frozen.data.stages.every((st) => st.taskDurationMs?.values.length === 6)).toBe(true);
    // The same flags as the page's answer, which reads only the skew candidates' quantiles.
    const live = await stagesOf(appId);
    expect(frozen.data.stages.map((st) => st.flags)).toEqual(
      live.data.stages.map((st) => st.flags),
    );
  });

  it('refuses a stage list that is not stageId.attemptId pairs with a 400 naming it', async () => {
    for (const bad of [
      '3',
      '3.0,x',
      '3.0;4.0',
      Array.from({ length: 101 }, (_, i) => `${i}.0`).join(','),
    ]) {
      const url = `http://console.test/api/apps/${appId}/stages/summaries?${new URLSearchParams({ stages: bad })}`;
      const response = await summariesGET(signedIn(url), { params: Promise.resolve({ appId }) });
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: { param: string } }).error.param).toBe('stages');
    }
  });

  it('opens the app page on the run the History Server recorded, though no metrics or logs have it', async () => {
    const now = Date.now();
    const { data, sources } = await appLifetime(appId, now, AbortSignal.timeout(10_000));
    expect(sources.spark?.state).toBe('ok');
    const [attempt] = (await getApplication(historyServer(), appId)).attempts;
    expect(data).toEqual({ firstSeen: attempt?.start, lastSeen: attempt?.end });
    const w = lifetimeWindow(data, now);
    expect(w.from).toBeLessThan(attempt?.start ?? 0);
    expect(w.to - w.from).toBeLessThan((attempt?.durationMs ?? 0) + 3 * 60_000);
  });

  it('says per source what a finished app lacks: the History Server holds it, logs and traces may have aged out', async () => {
    const { GET: coverageGET } = await import('./apps/[appId]/coverage/route');
    const [attempt] = (await getApplication(historyServer(), appId)).attempts;
    const q = new URLSearchParams({
      from: String((attempt?.start ?? 0) - 60_000),
      to: String((attempt?.end ?? 0) + 60_000),
    });
    const response = await coverageGET(
      signedIn(`http://console.test/api/apps/${appId}/coverage?${q}`),
      { params: Promise.resolve({ appId }) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Correlated<Coverage>;
    expect(departures(answerRef('/api/apps/{appId}/coverage'), body)).toEqual([]);
    const signal = (id: string) => body.data.signals.find((x) => x.id === id);
    expect(signal('sparkRecord')).toMatchObject({ state: 'seen' });
    expect(signal('sparkRecord')?.detail).toMatch(/holds the finished app/);
    // The seed's job ships no logs and sends no spans: missing, and said why it may be.
    expect(signal('logs')?.state).toBe('missing');
    expect(signal('logs')?.detail).toMatch(
      /the app ended \d{4}-\d{2}-\d{2}T.*none in spark-logs-\* for this app: aged out of the index's retention\?/,
    );
    expect(signal('traces')?.detail).toMatch(/Jaeger keeps traces/);
  });

  it('with the History Server stopped, answers 200 with the spark source down and why', async () => {
    script('scripts/stack.sh', 'down', 'spark-history');
    const body = await stagesOf(appId);
    expect(body.sources.spark?.state).toBe('error');
    expect(body.sources.spark?.error?.message).toMatch(/unreachable|no Spark record/);
    expect(body.data).toEqual({ appId, jobs: [], stages: [] });
  });

  it('with the History Server stopped, the rest of the app page answers: lifetime from the other sources, runs and comparison with the spark source down and why', async () => {
    // Still stopped by the case above.
    const lifetime = await appLifetime(appId, Date.now(), AbortSignal.timeout(10_000));
    expect(lifetime.sources.spark?.state).toBe('error');
    expect(lifetime.sources.prometheus?.state).toBe('ok');
    expect(lifetime.sources.elasticsearch?.state).toBe('ok');

    const runs = await runsOf(signedIn(`http://console.test/api/apps/${appId}/runs`), {
      params: Promise.resolve({ appId }),
    });
    expect(runs.status).toBe(200);
    const listed = (await runs.json()) as Correlated<AppRuns>;
    expect(listed.sources.spark?.error?.message).toMatch(/unreachable/);
    expect(listed.data).toEqual({ appId, runs: [] });

    const other = 'app-20000101000000-0000';
    const response = await compare(
      signedIn(`http://console.test/api/apps/${appId}/compare/${other}`),
      { params: Promise.resolve({ appId, otherAppId: other }) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Correlated<AppComparison>;
    expect(departures(answerRef('/api/apps/{appId}/compare/{otherAppId}'), body)).toEqual([]);
    expect(body.sources.spark?.state).toBe('error');
    expect(body.sources.spark?.error?.message).toMatch(/unreachable|no Spark record/);
    // The log counts do not need Spark: without the runs' lifetimes they count all time.
    expect(body.sources.elasticsearch?.state).toBe('ok');
    expect(body.data.logs?.base.total).toBe(0);
    expect(body.data.stages).toEqual([]);
  });

  it('rejects an id that is not a Spark app id with a 400 naming it', async () => {
    const response = await GET(signedIn('http://console.test/api/apps/x%2F..%2Fy/stages'), {
      params: Promise.resolve({ appId: 'x/../y' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('appId');
  });
});
