/**
 * The stage routes' part of `npm run bench:api` (alone: BENCH_ONLY=stages): a History Server of
 * its own (own port and directory, never the stack's) over a generated event log of 2,000 stages
 * and 200 executors (scripts/seed/large-event-log.ts), a console pointed at it, and each route
 * against the direct calls it makes, interleaved. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LARGE_EVENT_LOG, writeLargeEventLog } from './seed/large-event-log';
import {
  describe,
  get,
  percentile,
  request,
  serverTimingMs,
  startConsole,
  timed,
} from './lib/bench';
import { freePort } from './lib/serve';

const ROUNDS = Number(process.env.BENCH_STAGE_ITERATIONS ?? 20);
const WARMUP = 3;
const PROM = (process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090').replace(/\/+$/, '');

async function waitForApp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await get(url);
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * A History Server of its own (own directory and port, never the stack's) over the generated
 * event log, with the app listed; `stop` takes it down and removes its directory.
 */
export async function startBenchHistory(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sparkwatch-bench-stages-'));
  const port = await freePort();
  const env = {
    ...process.env,
    SW_STACK_DIR: dir,
    SW_SPARK_HISTORY_PORT: String(port),
    // The History Server keeps 1,000 stages and jobs of an app by default.
    SW_SPARK_HISTORY_EXTRA_OPTS: '-Dspark.ui.retainedStages=5000 -Dspark.ui.retainedJobs=5000',
  };
  const stack = (...args: string[]) =>
    execFileSync('bash', ['scripts/stack.sh', ...args], { env, stdio: 'ignore', timeout: 300_000 });
  mkdirSync(path.join(dir, 'spark', 'events'), { recursive: true });
  writeLargeEventLog(path.join(dir, 'spark', 'events'));
  stack('up', 'spark-history');
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    stack('down', 'spark-history');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForApp(`${url}/api/v1/applications/${LARGE_EVENT_LOG.appId}`, 180_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}

export async function stagesBenchmark(): Promise<void> {
  if (process.env.SPARKWATCH_URL) {
    console.log('\nstage routes: skipped (they need a console of their own; unset SPARKWATCH_URL)');
    return;
  }
  // Server-only (bench:api runs under the react-server condition; bench:ui imports this file too).
  const { QUANTILES, listStages } = await import('@/lib/sources/spark/stages');
  const { mayBeSkewed } = await import('@/lib/correlate/stages');
  const { SUMMARY_CONCURRENCY } = await import('@/lib/correlate/app-stages');
  const bench = await startBenchHistory();
  const history = bench.url;
  const { appId, stages, executors } = LARGE_EVENT_LOG;
  const saved = process.env.SPARK_HISTORY_URL;
  process.env.SPARK_HISTORY_URL = history;
  const consoleApp = await startConsole();
  try {
    const api = `${history}/api/v1/applications/${appId}`;
    const up = `${PROM}/api/v1/query?${new URLSearchParams({
      query: `max by (instance) (up{app_id="${appId}"}) == 1`,
    })}`;
    // The task summaries the route reads: those of the stages that can be skewed (the event log
    // does not change, so once is enough; the direct side asks for the same ones every round).
    const candidates = (
      await listStages({ target: { origin: 'history', url: history }, appId })
    ).filter(mayBeSkewed);
    const summaryUrls = candidates.map(
      (s) =>
        `${api}/stages/${s.stageId}/${s.attemptId}/taskSummary?${new URLSearchParams({ quantiles: QUANTILES.join(',') })}`,
    );
    const summariesAsTheRouteReads = async () => {
      let next = 0;
      const worker = async () => {
        while (next < summaryUrls.length) await get(summaryUrls[next++]!);
      };
      await Promise.all(Array.from({ length: SUMMARY_CONCURRENCY }, worker));
    };
    const cases: { name: string; route: string; direct: () => Promise<unknown> }[] = [
      {
        name: `stages (${stages.toLocaleString('en')} stages, ${executors} executors)`,
        route: `/api/apps/${appId}/stages`,
        // resolveSparkApp (History Server + Prometheus), then jobs and stages, then the skew
        // candidates' task summaries, as many at a time (lib/correlate/app-stages.ts).
        direct: async () => {
          await Promise.all([get(api), get(up)]);
          await Promise.all([get(`${api}/jobs`), get(`${api}/stages`)]);
          await summariesAsTheRouteReads();
        },
      },
      {
        name: 'runs (the History Server’s application list)',
        route: `/api/apps/${appId}/runs`,
        direct: () => Promise.all([get(api), get(`${history}/api/v1/applications?limit=500`)]),
      },
    ];
    console.log(
      `\nstage routes on a generated event log (History Server at ${history}; ${ROUNDS} interleaved rounds after ${WARMUP}; ${candidates.length} stages long enough to be skewed, their task summaries read)`,
    );
    for (const c of cases) {
      const direct: number[] = [];
      const viaConsole: number[] = [];
      const inHandler: number[] = [];
      const beyondSpark: number[] = [];
      for (let i = 0; i < WARMUP + ROUNDS; i += 1) {
        const route = () => timed(() => request(`${consoleApp.url}${c.route}`));
        // Alternate which goes first, as the other routes' rounds do.
        let d: { ms: number };
        let r: Awaited<ReturnType<typeof route>>;
        if (i % 2 === 0) {
          d = await timed(c.direct);
          r = await route();
        } else {
          r = await route();
          d = await timed(c.direct);
        }
        if (i < WARMUP) continue;
        direct.push(d.ms);
        viaConsole.push(r.ms);
        inHandler.push(serverTimingMs(r.value.headers['server-timing']));
        // Within the same request: what the console added to its Spark calls (the History
        // Server's seconds-long, noisy answers hide it in the difference of two runs).
        const spark = serverTimingMs(r.value.headers['server-timing'], 'spark');
        if (!Number.isNaN(spark)) beyondSpark.push(r.ms - spark);
      }
      console.log(`\n${c.name}`);
      console.log(describe('  direct History Server / Prometheus calls', direct));
      console.log(describe('  console route', viaConsole));
      console.log(describe('    of which in the route handler', inHandler));
      console.log(
        `  overhead p50, console route − direct calls: ${(percentile(viaConsole, 50) - percentile(direct, 50)).toFixed(1)} ms  ← the figure the ≤ 10 ms target (issue 15) refers to`,
      );
      // The same, round by round: both sides of a round ran back to back, so a load that comes
      // and goes on the machine weighs on both alike.
      console.log(
        describe(
          '  per round, console route − direct calls',
          viaConsole.map((ms, i) => ms - (direct[i] ?? 0)),
        ),
      );
      if (beyondSpark.length)
        console.log(
          describe(
            '  per request, the route beyond its Spark source time (Server-Timing)',
            beyondSpark,
          ),
        );
    }
  } finally {
    consoleApp.stop();
    if (saved === undefined) delete process.env.SPARK_HISTORY_URL;
    else process.env.SPARK_HISTORY_URL = saved;
    bench.stop();
  }
}
