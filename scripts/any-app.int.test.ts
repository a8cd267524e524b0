import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import type { AppStages } from '@/lib/domain/spark';
import type { Correlated, SparkApp, Timeline, TraceSummary } from '@/lib/domain/types';
import { GET as stagesGET } from '@/app/api/apps/[appId]/stages/route';
import { GET as timelineGET } from '@/app/api/apps/[appId]/timeline/route';
import { GET as appsGET } from '@/app/api/apps/route';
import { GET as tracesGET } from '@/app/api/traces/route';
import { freePort } from './lib/serve';
import {
  type SparkEnv,
  appIdOf,
  jsonLogConfs,
  metricsConfs,
  sparkEnv,
  sparkwatchConfs,
  submit,
} from './lib/spark-run';

// Issue 14's "Done when", end to end on one real run of an app with no Sparkwatch code
// (deploy/spark/examples/plain_app.py: a batch job, then a streaming query), started only with the
// README's confs, one executor killed with SIGKILL mid-stream, its log files shipped into
// Elasticsearch by the local shipper exactly as in `npm run spark:demo` — without telling the
// shipper the app id, so the driver's lines must carry it themselves — then read back through
// Elasticsearch and the console's own API.
const ROOT = resolve(import.meta.dirname, '..');
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const PROM = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const STACK = resolve(process.env.SW_STACK_DIR || '.stack');
const OTLP_HTTP = `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT || '4318'}`;
const TARGETS = process.env.SW_PROM_TARGETS_DIR || `${STACK}/prometheus/targets`;
const EVENTS = join(STACK, 'spark', 'events');

interface Doc {
  message: string;
  appId?: string;
  executorId?: string;
  stageId?: string;
  taskId?: string;
  source: { file: string };
  context?: { task_name?: string };
}

/** A line that names a task: Spark's task thread name, or a scheduler line about a TID. */
const NAMES_TASK = /\bin stage \d+\.\d+ \(TID \d+\)|\(TID \d+\)/;

async function esSearch(body: object): Promise<Doc[]> {
  const response = await fetch(`${ES}/spark-logs-*/_search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `Elasticsearch search → ${response.status}`).toBe(true);
  const json = (await response.json()) as { hits: { hits: { _source: Doc }[] } };
  return json.hits.hits.map((h) => h._source);
}

async function call<T>(
  handler: (r: Request, c: never) => Promise<Response>,
  path: string,
  params: Record<string, string> = {},
): Promise<T> {
  const response = await handler(signedIn(`http://console.test${path}`), {
    params: Promise.resolve(params),
  } as never);
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** SIGKILLs executor 1 of the app once its streaming query has made progress twice. */
function killExecutorOneMidStream(driverLog: string): Promise<string> {
  const script = `
    for _ in $(seq 1 600); do
      if [ -f "$LOG" ] && [ "$(grep -c 'Streaming query made progress' "$LOG")" -ge 2 ]; then
        app=$(grep -o '"appId":"app-[0-9-]*"' "$LOG" | head -1 | cut -d'"' -f4)
        pid=$(pgrep -f "CoarseGrainedExecutorBackend.*--executor-id 1 .*--app-id $app" | head -1)
        if [ -n "$pid" ]; then kill -9 "$pid" && echo "killed executor 1 ($pid) of $app"; exit 0; fi
      fi
      sleep 0.5
    done
    echo "never saw executor 1 mid-stream"; exit 1`;
  const child = spawn('bash', ['-c', script], {
    env: { ...process.env, LOG: driverLog },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) => child.on('exit', () => done(out.trim())));
}

/** Ships the run's files like spark:demo does, without the app id, and waits until all are in. */
async function ship(env: SparkEnv, run: string, files: string[], lines: number) {
  const shipper = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/shipper/main.ts', '--run', run, '--work', env.work],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MIARADIA_APP_NAME: 'plain-app',
        SHIPPER_OFFSETS_FILE: join(run, 'offsets.json'),
        SHIPPER_METRICS_PORT: String(await freePort()),
        SHIPPER_STOP_GRACE_MS: '60000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  shipper.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((done) => shipper.on('exit', done));
  const rel = files.map((f) => relative(ROOT, f));
  let count = 0;
  for (let i = 0; i < 120 && count < lines; i++) {
    await sleep(1_000);
    await fetch(`${ES}/spark-logs-*/_refresh`, { method: 'POST' });
    const response = await fetch(`${ES}/spark-logs-*/_count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: { terms: { 'source.file': rel } } }),
    });
    count = ((await response.json()) as { count: number }).count;
  }
  shipper.kill('SIGTERM');
  expect(await exited, log.slice(-2000)).toBe(0);
  return { count, log };
}

const lineCount = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim()).length
    : 0;

describe('[slow] an app with no Sparkwatch code, one executor killed, through the console', () => {
  let env: SparkEnv;
  beforeAll(() => {
    env = sparkEnv();
  });

  it(
    'has its ids on ≥ 99 % of its lines in Elasticsearch, its lost executor named, and shows in the console',
    { timeout: 600_000 },
    async () => {
      const run = mkdtempSync(join(tmpdir(), 'sparkwatch-anyapp-'));
      const driverLog = join(run, 'driver.log');
      const started = Date.now();
      const killer = killExecutorOneMidStream(driverLog);
      const args = [
        ['--master', 'local-cluster[2,1,1024]', '--conf', 'spark.sql.shuffle.partitions=4'],
        ['--conf', 'spark.eventLog.enabled=true', '--conf', `spark.eventLog.dir=file://${EVENTS}`],
        sparkwatchConfs(env.jar, OTLP_HTTP),
        metricsConfs({ namespace: 'plain_app', targetsDir: resolve(TARGETS) }),
        jsonLogConfs(driverLog),
        ['deploy/spark/examples/plain_app.py', '--output', join(run, 'out')],
        // Long enough after the kill for Prometheus to see executor 1 gone and evaluate its rules.
        ['--mode', 'both', '--seconds', '45'],
      ].flat();
      const result = submit(env, args, join(run, 'spark-submit.log'));
      const ended = Date.now();
      const killed = await killer;
      expect(killed, killed).toMatch(/^killed executor 1 /);
      expect(result.status, result.output.slice(-2000)).toBe(0);
      const appId = appIdOf(driverLog) ?? '';
      expect(appId).toMatch(/^app-\d{14}-\d{4}$/);

      // Every line of the run's files reaches Elasticsearch (JSON or raw, never dropped).
      const executors = readdirSync(join(env.work, appId));
      expect(executors).toContain('1');
      const files = [
        driverLog,
        ...executors.flatMap((e) =>
          ['executor.log', 'stderr'].map((n) => join(env.work, appId, e, n)),
        ),
      ];
      const lines = files.reduce((n, f) => n + lineCount(f), 0);
      const shipped = await ship(env, run, files, lines);
      expect(shipped.count, shipped.log.slice(-2000)).toBe(lines);

      const docs = await esSearch({
        size: 10_000,
        query: { terms: { 'source.file': files.map((f) => relative(ROOT, f)) } },
      });
      expect(docs.length).toBe(lines);
      const share = (part: Doc[], all: Doc[]) => part.length / Math.max(all.length, 1);
      const withApp = docs.filter((d) => d.appId === appId);
      const namingTask = docs.filter((d) => NAMES_TASK.test(d.message) || d.context?.task_name);
      const taskIds = namingTask.filter((d) => d.stageId && d.taskId);
      const driverDocs = docs.filter((d) => d.source.file === relative(ROOT, driverLog));
      console.log(
        `any-app ${appId}: ${lines} lines (${driverDocs.length} driver), appId on ${(100 * share(withApp, docs)).toFixed(2)} % ` +
          `(driver ${(
            100 *
            share(
              driverDocs.filter((d) => d.appId === appId),
              driverDocs,
            )
          ).toFixed(2)} %), ` +
          `${namingTask.length} lines name a task, stage and task ids on ${(100 * share(taskIds, namingTask)).toFixed(2)} %; ${killed}`,
      );
      expect(share(withApp, docs)).toBeGreaterThanOrEqual(0.99);
      expect(namingTask.length).toBeGreaterThan(500);
      expect(share(taskIds, namingTask)).toBeGreaterThanOrEqual(0.99);

      // The driver's line about the killed executor names its app and executor.
      const lost = docs.find((d) => /^Lost executor 1 on /.test(d.message));
      expect(lost, 'a "Lost executor 1 on …" line').toBeDefined();
      expect(lost).toMatchObject({ appId, executorId: '1' });

      // The console: the app in the list, its jobs and stages (History Server, from the event log),
      // and its traces — SQL executions of the batch job and micro-batches of the streaming query.
      const window = `from=${started - 60_000}&to=${Date.now() + 60_000}`;
      const apps = await call<Correlated<SparkApp[]>>(appsGET, `/api/apps?${window}`);
      expect(apps.data.map((a) => a.appId)).toContain(appId);
      let stages: Correlated<AppStages> | undefined;
      for (let i = 0; i < 30; i++) {
        stages = await call<Correlated<AppStages>>(stagesGET, `/api/apps/${appId}/stages`, {
          appId,
        });
        if (stages.data.stages.length > 0) break;
        await sleep(2_000);
      }
      expect(stages?.data.jobs.length).toBeGreaterThan(0);
      expect(stages?.data.stages.length).toBeGreaterThan(0);
      // SparkExecutorLost fired for the kill while the app ran; after its normal end nothing stays
      // active (an app's end is no executor loss: the rule needs the driver still reporting).
      const prom = async (query: string, time?: number) => {
        const q = new URLSearchParams({ query, ...(time ? { time: String(time / 1000) } : {}) });
        const answer = (await (await fetch(`${PROM}/api/v1/query?${q}`)).json()) as {
          data: { result: { metric: Record<string, string> }[] };
        };
        return answer.data.result;
      };
      const alert = `ALERTS{alertname="SparkExecutorLost",app_id="${appId}",alertstate="firing"}`;
      expect(await prom(`max_over_time(${alert}[15m])`)).toHaveLength(1);
      await sleep(Math.max(0, ended + 40_000 - Date.now()));
      expect(await prom(alert)).toEqual([]);

      // The timeline marks executor 1 lost, and no executor that ended with the app.
      const timeline = await call<Correlated<Timeline>>(
        timelineGET,
        `/api/apps/${appId}/timeline?${window}&width=600`,
        { appId },
      );
      const events = timeline.data.executors.events;
      expect(events.filter((e) => e.kind === 'lost').map((e) => e.executorId)).toEqual(['1']);

      const traces = await call<Correlated<TraceSummary[]>>(
        tracesGET,
        `/api/traces?appId=${appId}&${window}`,
      );
      expect(traces.sources.jaeger?.state).toBe('ok');
      const roots = traces.data.map((t) => t.rootName);
      expect(roots.some((r) => r.startsWith('execution '))).toBe(true);
      expect(roots.some((r) => r.startsWith('batch '))).toBe(true);
    },
  );
});
