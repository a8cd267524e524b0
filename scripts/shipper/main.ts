/**
 * The local stack's log shipper (Fluent Bit's job in docker compose / Kubernetes): tails the log
 * files of a Spark run — the driver's, and per executor its JSON log and its stderr — enriches
 * every line with the ids the console filters on (enrich.ts; lines that are not Spark JSON are
 * kept raw) and bulk-indexes them into Elasticsearch by stable id (shipper.ts). Its health is
 * served as Prometheus metrics on 127.0.0.1:$SHIPPER_METRICS_PORT (metrics.ts).
 *   tsx scripts/shipper/main.ts --run <run dir> --work <Spark worker dir>
 * SIGTERM (or SIGINT): one last pass, bounded by SHIPPER_STOP_GRACE_MS, then exit 0; a second one
 * exits at once. Offsets are saved after every shipped chunk.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@elastic/elasticsearch';
import { newHealth, serveMetrics } from './metrics';
import { loadOffsets } from './offsets';
import { DEAD_LETTER_INDEX, Shipper, type WatchedFile } from './shipper';
import { MAX_LINE_BYTES } from './tail';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const run = arg('--run');
const workDir = arg('--work');
if (!run || !workDir) {
  console.error('usage: shipper/main.ts --run <run dir> --work <Spark worker dir>');
  process.exit(2);
}
const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`shipper: ${name} must be a non-negative integer, not ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
};
const ROOT = join(import.meta.dirname, '..', '..');
const STACK = process.env.SW_STACK_DIR || join(ROOT, '.stack');
const OFFSETS = process.env.SHIPPER_OFFSETS_FILE || join(STACK, 'shipper', 'offsets.json');
const APP_NAME = process.env.MIARADIA_APP_NAME || 'miaradia-streaming';
const STOP_GRACE_MS = env('SHIPPER_STOP_GRACE_MS', 10_000);
const es = new Client({
  node: process.env.ELASTICSEARCH_URL || `http://127.0.0.1:${process.env.SW_ES_PORT || 9200}`,
  requestTimeout: env('SHIPPER_REQUEST_TIMEOUT_MS', 30_000),
  maxRetries: 0,
});

const log = (message: string) => console.error(message);
const health = newHealth();
const offsets = loadOffsets(OFFSETS, log);

/** The run's files: the driver's, and <work>/<app id>/<executor id>/{executor.log,stderr}. */
function files(): WatchedFile[] {
  const appIdFile = join(run!, 'app-id');
  const named = existsSync(appIdFile) ? readFileSync(appIdFile, 'utf8').trim() : '';
  const driver = join(run!, 'driver.log');
  // Without the run's app-id file, the app id the driver's log names.
  const learned = Object.values(offsets.files).find((f) => f.path.startsWith(driver))?.appId;
  const appId = named || learned;
  const out: WatchedFile[] = [
    {
      path: driver,
      source: {
        appId: named || undefined,
        appName: APP_NAME,
        executorId: 'driver',
        host: '127.0.0.1',
      },
    },
  ];
  const work = appId ? join(workDir!, appId) : undefined;
  for (const executor of work && existsSync(work) ? readdirSync(work) : [])
    for (const name of ['executor.log', 'stderr'])
      out.push({
        path: join(work!, executor, name),
        source: { appId, appName: APP_NAME, executorId: executor, host: '127.0.0.1' },
      });
  return out;
}

const shipper = new Shipper({
  es,
  files,
  offsetsFile: OFFSETS,
  offsets,
  health,
  root: ROOT,
  maxLine: env('SHIPPER_MAX_LINE_BYTES', MAX_LINE_BYTES),
  holdMs: env('SHIPPER_HOLD_MS', 30_000),
  holdBytes: env('SHIPPER_HOLD_BYTES', 1024 * 1024),
  deadLetterIndex: process.env.SHIPPER_DEADLETTER_INDEX || DEAD_LETTER_INDEX,
  log,
});

// First signal: stop after a last pass; the grace after it aborts whatever still waits on
// Elasticsearch. Second signal: exit now.
const stopping = new AbortController();
const hardStop = new AbortController();
const onSignal = () => {
  if (stopping.signal.aborted) process.exit(0);
  stopping.abort();
  setTimeout(() => hardStop.abort(), STOP_GRACE_MS).unref();
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

const failed = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  health.lastError = { message, at: Date.now() };
  return message;
};
const pause = (ms: number) =>
  sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

async function installTemplates(): Promise<boolean> {
  const read = (name: string) =>
    JSON.parse(readFileSync(join(ROOT, 'deploy/elasticsearch', name), 'utf8')) as Record<
      string,
      unknown
    >;
  for (let backoff = 1_000; !stopping.signal.aborted; backoff = Math.min(backoff * 2, 15_000)) {
    try {
      await es.indices.putIndexTemplate(
        { name: 'spark-logs', ...read('index-template.json') },
        { signal: hardStop.signal },
      );
      await es.indices.putIndexTemplate(
        { name: 'sparkwatch-logs-deadletter', ...read('deadletter-template.json') },
        { signal: hardStop.signal },
      );
      return true;
    } catch (error) {
      log(
        `shipper: cannot install the index templates (${failed(error)}); retrying in ${backoff} ms`,
      );
      await pause(backoff);
    }
  }
  return false;
}

async function main() {
  const port = process.env.SHIPPER_METRICS_PORT ?? '9465';
  const metrics =
    port === 'off'
      ? undefined
      : await serveMetrics(health, Number(port)).catch((error: Error) => {
          // Shipping matters more than its metrics: another shipper may hold the port.
          log(`shipper: no metrics endpoint on 127.0.0.1:${port}: ${error.message}`);
          return undefined;
        });
  if (metrics) log(`shipper: metrics on http://127.0.0.1:${metrics.port}/metrics`);
  if (await installTemplates()) {
    for (let backoff = 1_000; !stopping.signal.aborted;) {
      try {
        await shipper.pass(hardStop.signal);
        backoff = 1_000;
        await pause(1_000);
      } catch (error) {
        health.failedPasses += 1;
        log(`shipper: ${failed(error)}; retrying in ${backoff} ms`);
        await pause(backoff);
        backoff = Math.min(backoff * 2, 15_000);
      }
    }
    try {
      await shipper.pass(hardStop.signal, true);
    } catch (error) {
      log(`shipper: last pass failed (${failed(error)}); the saved offsets resume it next time`);
    }
  }
  await es.indices
    .refresh({ index: 'spark-logs-*' }, { signal: AbortSignal.timeout(2_000) })
    .catch(() => undefined);
  log(
    `shipper: ${health.shipped} lines shipped, ${health.deadLettered} dead-lettered, ${health.raw} raw, ${health.cut} cut`,
  );
  metrics?.server.close();
  await es.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(
    `shipper failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
