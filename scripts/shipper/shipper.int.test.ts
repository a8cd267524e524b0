/**
 * [slow] The local shipper loses no line and duplicates none across an Elasticsearch restart and
 * a restart of its own: lines written while Elasticsearch is down arrive once it is back; lines
 * written while the shipper is stopped arrive from its saved offsets. Real Elasticsearch, stopped
 * and started with scripts/stack.sh.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const ES = (process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200').replace(/\/+$/, '');
const APP = `app-20261125${String(Date.now()).slice(-6)}-7${String(process.pid % 1000).padStart(3, '0')}`;
const base = mkdtempSync(path.join(tmpdir(), 'sw-shipper-'));
const run = path.join(base, 'run');
const work = path.join(base, 'work');
const stackDir = path.join(base, 'stack');
const executorLog = path.join(work, APP, '0', 'executor.log');
mkdirSync(path.dirname(executorLog), { recursive: true });
mkdirSync(run, { recursive: true });
writeFileSync(path.join(run, 'app-id'), APP);

const template = JSON.parse(
  readFileSync(path.join(ROOT, 'deploy/spark/captured/executor.jsonl'), 'utf8').split('\n')[0]!,
) as { context: Record<string, string> };
let written = 0;

/** Appends n real-shaped Spark JSON lines (executor and driver files alternately). */
function write(n: number) {
  for (let i = 0; i < n; i += 1) {
    written += 1;
    const line = JSON.stringify({
      ts: new Date().toISOString(),
      level: 'INFO',
      msg: `Finished task ${written}.0 in stage 7.0 (TID ${written}). 1843 bytes result sent to driver`,
      context: {
        ...template.context,
        'mdc.appId': APP,
        task_name: `task 0.0 in stage 7.0 (TID ${written})`,
      },
      logger: 'Executor',
    });
    appendFileSync(written % 2 ? executorLog : path.join(run, 'driver.log'), `${line}\n`);
  }
}

async function count(): Promise<number> {
  try {
    await fetch(`${ES}/spark-logs-*/_refresh`, { method: 'POST' });
    const res = await fetch(`${ES}/spark-logs-*/_count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: { term: { appId: APP } } }),
    });
    return res.ok ? ((await res.json()) as { count: number }).count : -1;
  } catch {
    return -1;
  }
}

async function waitForCount(n: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < until) {
    last = await count();
    if (last >= n) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return last;
}

let shipper: ChildProcess | undefined;
let shipperLog = '';
function startShipper() {
  shipper = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/shipper/main.ts', '--run', run, '--work', work],
    { cwd: ROOT, env: { ...process.env, SW_STACK_DIR: stackDir, ELASTICSEARCH_URL: ES } },
  );
  shipper.stdout?.on('data', (d: Buffer) => (shipperLog += d.toString()));
  shipper.stderr?.on('data', (d: Buffer) => (shipperLog += d.toString()));
}
async function stopShipper() {
  const child = shipper;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
const stack = (...args: string[]) =>
  execFileSync('bash', ['scripts/stack.sh', ...args], { cwd: ROOT, stdio: 'pipe' });

afterAll(async () => {
  await stopShipper();
  // Elasticsearch back up whatever happened, and the test's lines gone.
  stack('up', 'elasticsearch');
  await fetch(`${ES}/spark-logs-*/_delete_by_query?refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: { term: { appId: APP } } }),
  }).catch(() => undefined);
}, 180_000);

describe('[slow] log shipper across restarts', () => {
  it('ships every line once through an Elasticsearch restart and its own restart', async () => {
    startShipper();
    write(200);
    expect(await waitForCount(200, 60_000), shipperLog).toBe(200);

    stack('down', 'elasticsearch');
    // Really down while the next lines are written (the shipper's bulk fails or waits).
    expect(await count()).toBe(-1);
    write(300);
    await new Promise((r) => setTimeout(r, 3000));
    stack('up', 'elasticsearch');
    expect(await waitForCount(500, 120_000), shipperLog).toBe(500);

    await stopShipper();
    write(100);
    startShipper();
    expect(await waitForCount(600, 60_000), shipperLog).toBe(600);
    // Nothing more arrives: no line was shipped twice.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await count()).toBe(600);
  }, 400_000);
});
