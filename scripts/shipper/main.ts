/**
 * The local stack's log shipper (Fluent Bit's job in docker compose / Kubernetes): tails the JSON
 * log files of a Miaradia run — the driver's and one per executor — enriches every line with the
 * ids the console filters on (enrich.ts) and bulk-indexes them into Elasticsearch by stable id.
 * Offsets are saved only after a successful bulk, so an Elasticsearch restart loses no line and a
 * retry never duplicates one.
 *   tsx scripts/shipper/main.ts --run <run dir> --work <Spark worker dir>   (stops on SIGTERM after a last pass)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { type LineSource, documentId, enrich, indexFor } from './enrich';
import { readNewLines } from './tail';

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
const ROOT = join(import.meta.dirname, '..', '..');
const STACK = process.env.SW_STACK_DIR || join(ROOT, '.stack');
const OFFSETS = join(STACK, 'shipper', 'offsets.json');
const es = new Client({
  node: process.env.ELASTICSEARCH_URL || `http://127.0.0.1:${process.env.SW_ES_PORT || 9200}`,
  requestTimeout: 30_000,
});
const APP_NAME = process.env.MIARADIA_APP_NAME || 'miaradia-streaming';

let offsets: Record<string, number> = existsSync(OFFSETS)
  ? (JSON.parse(readFileSync(OFFSETS, 'utf8')) as Record<string, number>)
  : {};
let shipped = 0;
let stopping = false;

/** The run's log files, each with what its path says: the driver's, and <work>/<app id>/<executor id>/executor.log. */
function files(): { path: string; source: Omit<LineSource, 'offset'> }[] {
  const out: { path: string; source: Omit<LineSource, 'offset'> }[] = [];
  const appIdFile = join(run!, 'app-id');
  const appId = existsSync(appIdFile) ? readFileSync(appIdFile, 'utf8').trim() : undefined;
  if (appId)
    out.push({
      path: join(run!, 'driver.log'),
      source: {
        appId,
        appName: APP_NAME,
        executorId: 'driver',
        host: '127.0.0.1',
        file: relative(ROOT, join(run!, 'driver.log')),
      },
    });
  const work = join(workDir!, appId ?? '');
  // A standalone worker runs each executor in its own directory: <work>/<app id>/<executor id>.
  for (const app of appId && existsSync(work) ? [appId] : []) {
    for (const executor of readdirSync(work)) {
      const path = join(work, executor, 'executor.log');
      if (existsSync(path))
        out.push({
          path,
          source: {
            appId: app,
            appName: APP_NAME,
            executorId: executor,
            host: '127.0.0.1',
            file: relative(ROOT, path),
          },
        });
    }
  }
  return out;
}

async function pass(): Promise<void> {
  for (const { path, source } of files()) {
    const { lines, next } = readNewLines(path, offsets[path] ?? 0);
    if (next === offsets[path]) continue;
    const docs = lines.flatMap((l) => {
      const doc = enrich(l.text, { ...source, offset: l.offset });
      return doc ? [{ id: documentId({ file: source.file, offset: l.offset }, l.text), doc }] : [];
    });
    if (docs.length) {
      const result = await es.helpers.bulk({
        datasource: docs,
        onDocument: ({ id, doc }) => [
          { index: { _index: indexFor(doc['@timestamp']), _id: id } },
          doc,
        ],
        retries: 3,
      });
      if (result.failed) throw new Error(`${result.failed} documents failed to index`);
      shipped += docs.length;
    }
    offsets = { ...offsets, [path]: next };
    mkdirSync(join(STACK, 'shipper'), { recursive: true });
    writeFileSync(OFFSETS, JSON.stringify(offsets));
  }
}

async function main() {
  const template = JSON.parse(
    readFileSync(join(ROOT, 'deploy/elasticsearch/index-template.json'), 'utf8'),
  );
  for (let attempt = 0; ; attempt += 1) {
    try {
      await es.indices.putIndexTemplate({ name: 'spark-logs', ...template });
      break;
    } catch (error) {
      if (attempt > 60) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  process.on('SIGTERM', () => {
    stopping = true;
  });
  let backoff = 1_000;
  for (;;) {
    const last = stopping;
    try {
      await pass();
      backoff = 1_000;
    } catch (error) {
      // Elasticsearch down or refusing: keep the offsets, try again later.
      console.error(
        `shipper: ${error instanceof Error ? error.message : String(error)}; retrying in ${backoff} ms`,
      );
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 30_000);
      continue;
    }
    if (last) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await es.indices.refresh({ index: 'spark-logs-*' }).catch(() => undefined);
  console.log(`shipper: ${shipped} lines shipped`);
}

main().catch((error: unknown) => {
  console.error(`shipper failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
