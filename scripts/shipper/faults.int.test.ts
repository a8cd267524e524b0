/**
 * [slow] The local shipper under faults, on a real Elasticsearch of its own (scripts/stack.sh with
 * SW_STACK_DIR=.stack-faults on port 9211 by default, so the stack the other tests read is never
 * stopped). Each case writes Spark-shaped lines, records the stable id each must get (file
 * identity + offset, as the shipper computes it from what it reads), and ends by counting the
 * documents in spark-logs-* and the dead-letter index against them: 0 lost, 0 duplicated, no
 * stranger. Cases: Elasticsearch down for 60 s mid-run (and a SIGTERM while it is down), a 20 MB
 * line, a bad timestamp and a mapping conflict, rotation by rename and by copy-truncate while
 * writing, kill -9 mid-bulk and restart, the offsets file unwritable for a while.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentId } from './enrich';
import { DEAD_LETTER_INDEX } from './shipper';
import { FINGERPRINT_BYTES, MAX_LINE_BYTES, identityOf } from './tail';

const ROOT = path.resolve(__dirname, '../..');
const PORT = process.env.SW_FAULTS_ES_PORT ?? '9211';
const ES = `http://127.0.0.1:${PORT}`;
/** How long Elasticsearch stays down mid-run (the issue asks for 60 s). */
const DOWN_MS = Number(process.env.SW_FAULTS_ES_DOWN_MS ?? 60_000);
const STACK_ENV = {
  ...process.env,
  SW_STACK_DIR: path.join(ROOT, '.stack-faults'),
  SW_ES_PORT: PORT,
  SW_ES_TRANSPORT_PORT: process.env.SW_FAULTS_ES_TRANSPORT_PORT ?? '9311',
};
const stack = (action: 'up' | 'down') =>
  execFileSync('bash', ['scripts/stack.sh', action, 'elasticsearch'], {
    cwd: ROOT,
    env: STACK_ENV,
    stdio: 'pipe',
  });

async function es(method: string, url: string, body?: unknown) {
  const res = await fetch(`${ES}${url}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const reachable = () =>
  fetch(`${ES}/_cluster/health`)
    .then((r) => r.ok)
    .catch(() => false);

/** One case's run: its files, the ids its lines must end up under, its shipper. */
class Run {
  readonly base = mkdtempSync(path.join(tmpdir(), 'sw-faults-'));
  readonly app = `app-${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
  readonly run = path.join(this.base, 'run');
  readonly work = path.join(this.base, 'work');
  readonly driver = path.join(this.run, 'driver.log');
  readonly expected = new Set<string>();
  readonly deadLetters = new Set<string>();
  readonly shipperEnv: Record<string, string> = {};
  private heads = new Map<string, { head?: Buffer; size: number }>();
  private seq = 0;
  shipper?: ChildProcess;
  output = '';
  metricsPort?: number;

  constructor({ appIdFile = true } = {}) {
    mkdirSync(this.run, { recursive: true });
    mkdirSync(this.work, { recursive: true });
    if (appIdFile) appendFileSync(path.join(this.run, 'app-id'), this.app);
  }

  get offsetsFile() {
    return path.join(this.base, 'stack', 'shipper', 'offsets.json');
  }

  /** A Spark 4 JSON line (a task-thread line, as executors write them). */
  line(fields: Record<string, unknown> = {}, pad = 0) {
    this.seq += 1;
    return JSON.stringify({
      ts: new Date().toISOString(),
      level: 'INFO',
      msg: `Finished task ${this.seq}.0 in stage 7.0 (TID ${this.seq}). 1843 bytes result sent to driver${'.'.repeat(pad)}`,
      context: {
        'mdc.appId': this.app,
        task_name: `task ${this.seq}.0 in stage 7.0 (TID ${this.seq})`,
      },
      logger: 'Executor',
      ...fields,
    });
  }

  /** Appends a line and records the id the shipper must give it. */
  append(text: string, { file = this.driver, dead = false } = {}) {
    const state = this.heads.get(file) ?? { size: 0 };
    const bytes = Buffer.from(`${text}\n`);
    if (state.size === 0) state.head = bytes.subarray(0, Math.min(bytes.length, FINGERPRINT_BYTES));
    const kept =
      bytes.length - 1 > MAX_LINE_BYTES ? bytes.subarray(0, MAX_LINE_BYTES).toString() : text;
    const id = documentId(
      { file: identityOf(path.dirname(file), state.head!), offset: state.size },
      kept,
    );
    this.expected.add(id);
    if (dead) this.deadLetters.add(id);
    appendFileSync(file, bytes);
    state.size += bytes.length;
    this.heads.set(file, state);
  }

  write(n: number, options?: { file?: string; pad?: number }) {
    for (let i = 0; i < n; i += 1) this.append(this.line({}, options?.pad), options);
  }

  private shiftRotated() {
    for (let n = 9; n >= 1; n -= 1)
      if (existsSync(`${this.driver}.${n}`))
        renameSync(`${this.driver}.${n}`, `${this.driver}.${n + 1}`);
  }

  /** log4j2's rolling: driver.log.N → N+1, …, driver.log → driver.log.1, then a new driver.log. */
  rotateByRename() {
    this.shiftRotated();
    renameSync(this.driver, `${this.driver}.1`);
    this.heads.delete(this.driver);
  }

  /** logrotate's copytruncate (the writer pauses between the copy and the truncation). */
  rotateByCopyTruncate() {
    this.shiftRotated();
    copyFileSync(this.driver, `${this.driver}.1`);
    truncateSync(this.driver, 0);
    this.heads.delete(this.driver);
  }

  start() {
    this.output = '';
    this.metricsPort = undefined;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/shipper/main.ts', '--run', this.run, '--work', this.work],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SW_STACK_DIR: path.join(this.base, 'stack'),
          ELASTICSEARCH_URL: ES,
          SHIPPER_METRICS_PORT: '0',
          ...this.shipperEnv,
        },
      },
    );
    const collect = (d: Buffer) => {
      this.output += d.toString();
      const port = /metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output)?.[1];
      if (port) this.metricsPort = Number(port);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    this.shipper = child;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.shipper;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return exited;
  }

  async metric(name: string): Promise<number> {
    for (let i = 0; i < 50 && !this.metricsPort; i += 1) await sleep(100);
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  }

  /** Every document of this run, in spark-logs-* and the dead-letter index: [index, id]. */
  async documents(): Promise<{ index: string; id: string }[]> {
    await es('POST', `/spark-logs-*,${DEAD_LETTER_INDEX}/_refresh?ignore_unavailable=true`);
    const { json } = await es(
      'POST',
      `/spark-logs-*,${DEAD_LETTER_INDEX}/_search?ignore_unavailable=true`,
      {
        size: 10_000,
        _source: false,
        query: {
          bool: {
            should: [
              { term: { appId: this.app } },
              { prefix: { 'source.file': path.relative(ROOT, this.base) } },
            ],
          },
        },
      },
    );
    const hits =
      (json.hits as { hits?: { _index: string; _id: string }[] } | undefined)?.hits ?? [];
    return hits.map((h) => ({ index: h._index, id: h._id }));
  }

  async waitDelivered(timeoutMs: number) {
    const until = Date.now() + timeoutMs;
    let docs: { index: string; id: string }[] = [];
    while (Date.now() < until) {
      docs = await this.documents().catch(() => []);
      if (docs.length >= this.expected.size) break;
      await sleep(500);
    }
    return docs;
  }

  /** 0 lost, 0 duplicated, nothing else: each expected id once, dead letters where expected. */
  async expectDelivered(timeoutMs = 60_000) {
    const docs = await this.waitDelivered(timeoutMs);
    const ids = docs.map((d) => d.id);
    const lost = [...this.expected].filter((id) => !ids.includes(id));
    const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
    const strangers = ids.filter((id) => !this.expected.has(id));
    expect(
      { lost: lost.length, duplicated: duplicated.length, strangers: strangers.length },
      this.output,
    ).toEqual({
      lost: 0,
      duplicated: 0,
      strangers: 0,
    });
    const dead = docs.filter((d) => d.index === DEAD_LETTER_INDEX).map((d) => d.id);
    expect(new Set(dead)).toEqual(this.deadLetters);
    return docs;
  }
}

const runs: Run[] = [];
const newRun = (options?: { appIdFile?: boolean }) => {
  const run = new Run(options);
  runs.push(run);
  return run;
};

beforeAll(() => {
  stack('up');
}, 600_000);

afterAll(async () => {
  for (const run of runs) {
    await run.stop('SIGKILL');
    rmSync(run.base, { recursive: true, force: true });
  }
  // Our own Elasticsearch: stopped, whatever happened (its data stays in .stack-faults).
  stack('down');
}, 120_000);

describe('[slow] log shipper under faults (own Elasticsearch)', () => {
  it(`loses and duplicates nothing while Elasticsearch is down ${DOWN_MS / 1000} s, and stops cleanly on SIGTERM then`, async () => {
    const run = newRun();
    run.start();
    run.write(200);
    await run.waitDelivered(60_000);
    stack('down');
    expect(await reachable()).toBe(false);
    const downUntil = Date.now() + DOWN_MS;
    // Lines keep coming while it is down.
    while (Date.now() < downUntil - DOWN_MS / 2) {
      run.write(10);
      await sleep(1_000);
    }
    expect(await run.metric('sparkwatch_shipper_failed_passes_total')).toBeGreaterThan(0);
    expect(await run.metric('sparkwatch_shipper_last_error_timestamp_seconds')).toBeGreaterThan(0);
    // A stop while passes fail: prompt and clean.
    const stopped = Date.now();
    expect(await run.stop()).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(15_000);
    run.start();
    while (Date.now() < downUntil) {
      run.write(10);
      await sleep(1_000);
    }
    stack('up');
    run.write(100);
    await run.expectDelivered(180_000);
    expect(await run.stop()).toBe(0);
  }, 600_000);

  it('cuts a 20 MB line, dead-letters a bad timestamp and a mapping conflict, keeps raw lines', async () => {
    const run = newRun();
    // Someone else's index for that day maps `level` as a number: a mapping conflict.
    await es('DELETE', '/spark-logs-2001.01.01?ignore_unavailable=true');
    await es('PUT', '/spark-logs-2001.01.01', {
      mappings: { properties: { level: { type: 'long' } } },
    });
    run.write(20);
    run.append(run.line({}, 20 * 1024 * 1024));
    run.append('#  SIGSEGV (0xb) at pc=0x00007f, pid=4242, tid=4243');
    run.append('{"ts":"2026-11-25T02:17:31.123Z","level":"INFO"');
    run.append(run.line({ ts: '2026-13-45T99:99:99.000Z' }), { dead: true });
    run.append(run.line({ ts: '2001-01-01T00:00:00.000Z' }), { dead: true });
    run.write(20);
    run.start();
    await run.expectDelivered(120_000);
    expect(await run.metric('sparkwatch_shipper_lines_cut_total')).toBe(1);
    expect(await run.metric('sparkwatch_shipper_lines_dead_lettered_total')).toBe(2);
    expect(await run.metric('sparkwatch_shipper_lines_raw_total')).toBe(3);
    const { json } = await es('POST', `/${DEAD_LETTER_INDEX}/_search`, {
      query: { prefix: { 'source.file': path.relative(ROOT, run.base) } },
      _source: ['reason'],
    });
    const reasons = JSON.stringify(json.hits);
    expect(reasons).toContain('failed to parse field [@timestamp]');
    expect(reasons).toContain('failed to parse field [level]');
    expect(await run.stop()).toBe(0);
  }, 300_000);

  it('follows rotation by rename and by copy-truncate while lines are written', async () => {
    const run = newRun();
    run.start();
    for (let round = 0; round < 6; round += 1) {
      for (let i = 0; i < 5; i += 1) {
        run.write(20);
        await sleep(150);
      }
      if (round % 3 === 2) run.rotateByCopyTruncate();
      else run.rotateByRename();
    }
    run.write(50);
    await run.expectDelivered(120_000);
    expect(await run.stop()).toBe(0);
  }, 300_000);

  it('re-ships nothing twice after kill -9 mid-bulk and a restart', async () => {
    const run = newRun();
    // About 20 MB: four bulk requests or so (and under the 10,000 documents one search counts).
    run.write(8_000, { pad: 2_500 });
    run.start();
    // Killed right after its first bulk is saved: the next is being read or sent.
    for (let i = 0; i < 12_000 && !existsSync(run.offsetsFile); i += 1) await sleep(10);
    await run.stop('SIGKILL');
    const seen = (await run.documents()).length;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(run.expected.size);
    run.start();
    await run.expectDelivered(180_000);
    expect(await run.stop()).toBe(0);
  }, 400_000);

  it('keeps shipping while the offsets file cannot be written, and duplicates nothing after a crash then', async () => {
    const run = newRun();
    run.start();
    run.write(50);
    await run.waitDelivered(60_000);
    // The temporary file's place taken by a directory: every save fails (root ignores modes).
    mkdirSync(`${run.offsetsFile}.tmp`);
    run.write(50);
    await run.waitDelivered(60_000);
    expect(await run.metric('sparkwatch_shipper_offset_write_errors_total')).toBeGreaterThan(0);
    await run.stop('SIGKILL');
    run.write(50);
    run.start();
    await sleep(3_000);
    rmSync(`${run.offsetsFile}.tmp`, { recursive: true });
    run.write(50);
    await run.expectDelivered(60_000);
    expect(await run.stop()).toBe(0);
  }, 300_000);

  it('gives the app id a driver file names after start-up to its earlier lines too', async () => {
    const run = newRun({ appIdFile: false });
    const startup = (msg: string) =>
      JSON.stringify({ ts: new Date().toISOString(), level: 'INFO', msg, logger: 'SparkContext' });
    for (let i = 0; i < 10; i += 1) run.append(startup(`Running Spark version 4.0.5 (${i})`));
    run.start();
    await sleep(2_000);
    run.append(
      JSON.stringify({
        ts: new Date().toISOString(),
        level: 'INFO',
        msg: `Connected to Spark cluster with app ID ${run.app}`,
        context: { app_id: run.app },
        logger: 'StandaloneSchedulerBackend',
      }),
    );
    for (let i = 0; i < 10; i += 1) run.append(startup(`Successfully started service ${i}`));
    await run.expectDelivered(60_000);
    await es('POST', '/spark-logs-*/_refresh');
    const { json } = await es('POST', '/spark-logs-*/_count', {
      query: { term: { appId: run.app } },
    });
    expect(json.count).toBe(run.expected.size);
    expect(await run.stop()).toBe(0);
  }, 120_000);
});
