/**
 * `npm run seed`: writes the Miaradia incident scenario into the real backends — logs into
 * Elasticsearch (through the shipper's `enrich`), traces into Jaeger (OTLP/HTTP), two hours of
 * metrics into Prometheus (remote write) — and keeps the incident live with a small exporter that
 * Prometheus scrapes like a Spark driver. Idempotent: the scenario is a pure function of an anchor
 * time kept in .stack/seed/anchor.json, and every document, span and sample has a fixed id/time.
 *   tsx scripts/seed/main.ts          seed (reusing the anchor while its data can be rewritten)
 *   tsx scripts/seed/main.ts --stop   stop the live exporter
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { documentId, enrich, indexFor } from '../shipper/enrich';
import { driverExposition, executorsExposition } from './exposition';
import { hexId } from './ids';
import { scenarioLogLines } from './logs';
import { scenarioSeries, seriesDefs } from './metrics';
import { postOtlp } from './otlp';
import { remoteWrite } from './remote-write';
import { MINUTE, buildScenario, traceSeed } from './scenario';
import { type OtlpPayload, scenarioTraces } from './traces';

const env = (name: string, fallback: string) => (process.env[name] || fallback).replace(/\/+$/, '');
const ROOT = join(import.meta.dirname, '..', '..');
const STACK = process.env.SW_STACK_DIR || join(ROOT, '.stack');
const SEED_DIR = join(STACK, 'seed');
const PID_FILE = join(STACK, 'run', 'seed-exporter.pid');
const TARGET_FILE = join(STACK, 'prometheus', 'targets', 'seed-miaradia.json');
const EXPORTER_PORT = Number(process.env.SW_SEED_EXPORTER_PORT || 9469);
const urls = {
  prometheus: env('PROMETHEUS_URL', `http://127.0.0.1:${process.env.SW_PROMETHEUS_PORT || 9090}`),
  alertmanager: env(
    'ALERTMANAGER_URL',
    `http://127.0.0.1:${process.env.SW_ALERTMANAGER_PORT || 9093}`,
  ),
  elasticsearch: env('ELASTICSEARCH_URL', `http://127.0.0.1:${process.env.SW_ES_PORT || 9200}`),
  jaeger: env('JAEGER_URL', `http://127.0.0.1:${process.env.SW_JAEGER_PORT || 16686}`),
  otlp: env('OTLP_HTTP_URL', `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT || 4318}`),
};
// Prometheus accepts samples up to its out-of-order window (3 h) old; the history spans 2 h, so an
// anchor can be rewritten for 50 minutes. Past that the scenario is re-anchored at now.
const ANCHOR_REUSE_MS = 50 * MINUTE;

function exporterPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('seed/exporter.ts')
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

function stopExporter(): void {
  const pid = exporterPid();
  if (pid) process.kill(-pid, 'SIGTERM');
  rmSync(PID_FILE, { force: true });
  rmSync(TARGET_FILE, { force: true });
  console.log(pid ? `stopped the seed exporter (pid ${pid})` : 'seed exporter not running');
}

function loadAnchor(now: number): number {
  const file = join(SEED_DIR, 'anchor.json');
  if (existsSync(file)) {
    const { anchor } = JSON.parse(readFileSync(file, 'utf8')) as { anchor: number };
    if (now - anchor < ANCHOR_REUSE_MS) return anchor;
  }
  const anchor = Math.floor(now / MINUTE) * MINUTE;
  writeFileSync(file, JSON.stringify({ anchor }));
  return anchor;
}

async function seedLogs(es: Client, lines: ReturnType<typeof scenarioLogLines>): Promise<number> {
  const template = JSON.parse(
    readFileSync(join(ROOT, 'deploy/elasticsearch/index-template.json'), 'utf8'),
  );
  await es.indices.putIndexTemplate({ name: 'spark-logs', ...template });
  const docs = lines.flatMap(({ line, source }) => {
    const doc = enrich(line, source);
    return doc ? [{ id: documentId(source, line), doc }] : [];
  });
  const result = await es.helpers.bulk({
    datasource: docs,
    onDocument: ({ id, doc }) => [{ index: { _index: indexFor(doc['@timestamp']), _id: id } }, doc],
    flushBytes: 4_000_000,
    refreshOnCompletion: true,
  });
  if (result.failed) throw new Error(`${result.failed} log documents failed to index`);
  return docs.length;
}

async function traceExists(traceId: string): Promise<boolean> {
  const response = await fetch(`${urls.jaeger}/api/v3/traces/${traceId}`);
  await response.body?.cancel();
  return response.ok;
}

async function seedTraces(
  traces: { traceId: string; payload: OtlpPayload }[],
): Promise<{ sent: number; skipped: boolean }> {
  const first = traces[0]?.traceId;
  const last = traces.at(-1)?.traceId;
  if (first && last && (await traceExists(first)) && (await traceExists(last)))
    return { sent: 0, skipped: true };
  for (let i = 0; i < traces.length; i += 50) {
    const chunk = traces.slice(i, i + 50);
    const body: OtlpPayload = { resourceSpans: chunk.flatMap((t) => t.payload.resourceSpans) };
    await postOtlp(urls.otlp, body);
  }
  return { sent: traces.length, skipped: false };
}

function startExporter(
  files: Record<string, string>,
  app: { appId: string; appName: string },
): number {
  const exposition = join(SEED_DIR, 'exposition.json');
  writeFileSync(exposition, JSON.stringify(files));
  let pid = exporterPid();
  if (!pid) {
    const log = openSync(join(STACK, 'logs', 'seed-exporter.log'), 'a');
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(ROOT, 'scripts/seed/exporter.ts'),
        exposition,
        String(EXPORTER_PORT),
      ],
      {
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    child.unref();
    pid = child.pid ?? 0;
    writeFileSync(PID_FILE, String(pid));
  }
  mkdirSync(join(STACK, 'prometheus', 'targets'), { recursive: true });
  writeFileSync(
    TARGET_FILE,
    JSON.stringify([
      {
        targets: [`127.0.0.1:${EXPORTER_PORT}`],
        labels: { app_id: app.appId, app_name: app.appName },
      },
    ]),
  );
  return pid;
}

async function waitForAlert(appId: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const filter = new URLSearchParams([
    ['filter', 'alertname="StreamingNoInput"'],
    ['filter', `app_id="${appId}"`],
    ['active', 'true'],
  ]);
  while (Date.now() - started < timeoutMs) {
    const response = await fetch(`${urls.alertmanager}/api/v2/alerts?${filter}`);
    const alerts = (await response.json()) as unknown[];
    if (alerts.length) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(
    `Alertmanager did not list StreamingNoInput for ${appId} within ${timeoutMs / 1000} s`,
  );
}

/**
 * A real finished Spark app for the History Server (scripts/seed/spark-history.sh): its Spark job
 * runs once per job version (about a minute), then its cached event log is only copied.
 */
function seedSparkHistory(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'seed', 'spark-history.sh')], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`spark-history.sh exited with ${code}`)),
    );
  });
}

async function main() {
  if (process.argv.includes('--stop')) return stopExporter();
  const started = Date.now();
  mkdirSync(SEED_DIR, { recursive: true });
  mkdirSync(join(STACK, 'run'), { recursive: true });
  mkdirSync(join(STACK, 'logs'), { recursive: true });
  const sc = buildScenario(loadAnchor(started));
  const s = sc.streaming;
  const targets = {
    streamingInstance: `127.0.0.1:${EXPORTER_PORT}`,
    nightlyInstance: '127.0.0.1:4041',
  };

  // Its Spark job runs alongside the backends' seeding and the wait for the alert.
  const sparkHistory = seedSparkHistory();
  // Awaited at the end; a failure before then must not surface as an unhandled rejection.
  sparkHistory.catch(() => undefined);
  const es = new Client({ node: urls.elasticsearch, requestTimeout: 60_000 });
  const logCount = await seedLogs(es, scenarioLogLines(sc));
  console.log(`elasticsearch: ${logCount} log documents (idempotent ids)`);

  const traces = scenarioTraces(sc);
  const traceResult = await seedTraces(traces);
  const spans = traces.reduce(
    (n, t) =>
      n + t.payload.resourceSpans.reduce((m, r) => m + (r.scopeSpans[0]?.spans.length ?? 0), 0),
    0,
  );
  console.log(
    `jaeger: ${traces.length} traces, ${spans} spans ${traceResult.skipped ? '(already there)' : 'sent'}`,
  );

  const series = scenarioSeries(sc, targets);
  for (let i = 0; i < series.length; i += 20)
    await remoteWrite(urls.prometheus, series.slice(i, i + 20));
  console.log(
    `prometheus: ${series.length} series, ${series.reduce((n, x) => n + x.samples.length, 0)} samples`,
  );

  const defs = seriesDefs(sc, targets);
  const pid = startExporter(
    {
      '/metrics/prometheus': driverExposition(defs, sc.anchor, s.appName),
      '/metrics/executors/prometheus': executorsExposition(defs, sc.anchor, s),
    },
    s,
  );
  console.log(`live exporter: pid ${pid} on 127.0.0.1:${EXPORTER_PORT} (scraped as ${s.appId})`);

  const scenario = {
    anchor: sc.anchor,
    window: { from: sc.start, to: sc.anchor },
    streaming: {
      appId: s.appId,
      appName: s.appName,
      query: s.query,
      queryId: s.queryId,
      batches: s.batches.length,
      spikeBatchId: s.spikeBatchId,
    },
    batch: {
      appId: sc.batch.appId,
      appName: sc.batch.appName,
      startedAt: sc.batch.startedAt,
      endedAt: sc.batch.endedAt,
      fetchFailedStageId: sc.batch.fetchFailedStageId,
    },
    incident: {
      executorLostAt: s.executorLostAt,
      inputStoppedAt: s.inputStoppedAt,
      lostExecutorId: s.lostExecutorId,
      host: sc.host,
    },
    traces: {
      spikeBatch: hexId(traceSeed.batch(s.appId, s.spikeBatchId), 16),
      firstBatch: hexId(traceSeed.batch(s.appId, 0), 16),
      nightly: hexId(traceSeed.app(sc.batch.appId), 16),
    },
    counts: { logs: logCount, traces: traces.length, spans, series: series.length },
  };
  writeFileSync(join(SEED_DIR, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);

  const waited = await waitForAlert(s.appId, 180_000);
  console.log(
    `alertmanager: StreamingNoInput active for ${s.appId} (waited ${Math.round(waited / 1000)} s)`,
  );
  await sparkHistory;
  console.log(
    `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; scenario in ${join(SEED_DIR, 'scenario.json')}`,
  );
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
