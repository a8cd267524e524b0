import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logShippers } from './shippers';

// The real local shipper on a small run of its own, scraped by the stack's Prometheus (job
// sparkwatch-shipper, 127.0.0.1:9465, every 5 s): its health reaches the Status page's route.
const appId = `app-shippertest-${process.pid}`;
const es = new Client({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' });
let dir = '';
let shipper: ChildProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sw-shipper-'));
  writeFileSync(path.join(dir, 'app-id'), appId);
  const now = Date.now();
  const lines = Array.from({ length: 5 }, (_, i) =>
    JSON.stringify({
      ts: new Date(now - 5000 + i).toISOString(),
      level: 'INFO',
      msg: `shipper health probe line ${i}`,
      logger: 'ShipperHealthTest',
    }),
  );
  writeFileSync(path.join(dir, 'driver.log'), `${lines.join('\n')}\nnot JSON: kept raw\n`);
  shipper = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/shipper/main.ts', '--run', dir, '--work', dir],
    {
      env: {
        ...process.env,
        SHIPPER_OFFSETS_FILE: path.join(dir, 'offsets.json'),
        SHIPPER_METRICS_PORT: '9465',
        SHIPPER_HOLD_MS: '0',
      },
      stdio: 'ignore',
    },
  );
});

afterAll(async () => {
  shipper?.kill('SIGTERM');
  // This Elasticsearch build has no _delete_by_query: the probe's lines are deleted by id.
  const mine = await es.search({ index: 'spark-logs-*', size: 100, query: { term: { appId } } });
  const operations = mine.hits.hits.map((h) => ({ delete: { _index: h._index, _id: h._id } }));
  if (operations.length) await es.bulk({ operations, refresh: true });
  await es.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('log shipper health', () => {
  it('counts the lines a real shipper shipped, as Prometheus scraped them', async () => {
    let found: Awaited<ReturnType<typeof logShippers>>['data'] = null;
    for (let waited = 0; waited < 90_000; waited += 2_000) {
      const answer = await logShippers(AbortSignal.timeout(10_000));
      expect(answer.sources.prometheus?.state).toBe('ok');
      found = answer.data;
      const mine = found?.find((s) => s.instance === '127.0.0.1:9465');
      if (mine?.up && mine.linesShipped >= 6) break;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const mine = found?.find((s) => s.instance === '127.0.0.1:9465');
    expect(mine).toMatchObject({ up: true, linesShipped: 6, linesRaw: 1, linesDeadLettered: 0 });
    expect(mine?.lagBytes).toBe(0);
    expect(mine?.files.map((f) => path.basename(f.file))).toContain('driver.log');
  });
});
