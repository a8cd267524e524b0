import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import { screenshot } from './screens';
import { STACK_DIR, killBackend, startBackend } from './stack';

// A saved incident outlives its backends (issue 17): lines and a trace are pinned and saved, then
// the log index is deleted and Jaeger (in-memory) restarted; a fresh browser opens the short link
// and finds every pinned piece, frozen. The spec writes its own app's lines into an index of its
// own and its own trace, and deletes only those; Jaeger's restart loses the seeded traces too, so
// it runs last (after zz-degraded) and re-seeds the stack afterwards, as zz-degraded does.
const port = (name: string, fallback: number) => process.env[name] || String(fallback);
const ES = process.env.ELASTICSEARCH_URL ?? `http://127.0.0.1:${port('SW_ES_PORT', 9200)}`;
const OTLP = process.env.OTLP_HTTP_URL ?? `http://127.0.0.1:${port('SW_OTLP_HTTP_PORT', 4318)}`;
const JAEGER = process.env.JAEGER_URL ?? `http://127.0.0.1:${port('SW_JAEGER_PORT', 16686)}`;
const PREFIX = process.env.ES_CONSOLE_INDEX_PREFIX ?? 'sparkwatch';

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const APP = `app-e2e-incident-${run}`;
const SERVICE = `e2e-incident-${run}`;
const INDEX = `spark-logs-e2e-incident-${run}`;
const TRACE = randomBytes(16).toString('hex');
const NOW = Date.now();
const FROM = NOW - 20 * 60_000;
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const LINES = [
  { level: 'ERROR', logger: 'TaskSchedulerImpl', message: `Lost executor 1 on e2e-host ${run}` },
  { level: 'WARN', logger: 'MicroBatchExecution', message: `Batch 7 fell behind ${run}` },
  { level: 'WARN', logger: 'e2e', message: `A hostile line ${HOSTILE} ${run}` },
];

const es = (path: string, init: RequestInit = {}) =>
  fetch(`${ES}${path}`, { ...init, headers: { 'content-type': 'application/json' } });

async function writeOwnLogs() {
  const template = JSON.parse(readFileSync('deploy/elasticsearch/index-template.json', 'utf8')) as {
    template: { mappings: object };
  };
  const created = await es(`/${INDEX}`, {
    method: 'PUT',
    body: JSON.stringify({
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: template.template.mappings,
    }),
  });
  expect(created.status, await created.text()).toBe(200);
  const body = LINES.flatMap((l, i) => [
    { index: { _index: INDEX, _id: `e2e-${run}-${i}` } },
    {
      '@timestamp': new Date(NOW - (10 - i) * 60_000).toISOString(),
      ...l,
      appId: APP,
      appName: SERVICE,
      executorId: i === 0 ? '1' : 'driver',
      batchId: '7',
      traceId: TRACE,
      host: 'e2e-host',
    },
  ]);
  const bulk = await es('/_bulk?refresh=true', {
    method: 'POST',
    body: `${body.map((d) => JSON.stringify(d)).join('\n')}\n`,
  });
  expect((await bulk.json()) as { errors: boolean }).toMatchObject({ errors: false });
}

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

async function sendOwnTrace() {
  const start = NOW - 10 * 60_000;
  const root = randomBytes(8).toString('hex');
  const ids = [attr('spark.app.id', APP), attr('spark.streaming.batch.id', '7')];
  const span = (id: string, name: string, from: number, ms: number, parent?: string) => ({
    traceId: TRACE,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: nanos(from),
    endTimeUnixNano: nanos(from + ms),
    attributes: [...ids, attr('e2e.note', HOSTILE)],
    status: { code: 1 },
  });
  const payload = {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', SERVICE)] },
        scopeSpans: [
          {
            scope: { name: 'sparkwatch-e2e' },
            spans: [
              span(root, 'batch 7', start, 4000),
              span(randomBytes(8).toString('hex'), 'job 7', start + 500, 3000, root),
            ],
          },
        ],
      },
    ],
  };
  const sent = await fetch(`${OTLP}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(sent.status, await sent.text()).toBe(200);
  await expect.poll(() => jaegerHas(), { timeout: 30_000 }).toBe(true);
}

const jaegerHas = async () => (await fetch(`${JAEGER}/api/traces/${TRACE}`)).status === 200;

async function pinAndSave(page: Page): Promise<string> {
  await page.goto(`/incident?appId=${APP}&appName=${SERVICE}&from=${FROM}&to=${NOW}`);
  const rows = page.getByTestId('log-panel').getByTestId('log-row');
  await expect(rows).toHaveCount(LINES.length);
  for (const pin of await page.getByTestId('log-panel').getByTestId('pin-log').all())
    await pin.check();
  const traceRow = page.getByTestId('trace-row').filter({ hasText: 'batch 7' });
  await expect(traceRow).toHaveCount(1);
  await traceRow.getByTestId('pin-trace').check();
  await page.getByTestId('save-incident').click();
  const dialog = page.getByTestId('save-incident-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Log lines (${LINES.length})`);
  await expect(dialog).toContainText('Traces (1)');
  await dialog.getByTestId('incident-title').fill(`Executor lost on ${SERVICE} <b>bold?</b>`);
  await screenshot(page, 'incident-save-dialog');
  await dialog.getByTestId('incident-save').click();
  await page.waitForURL(/\/i\/[A-Za-z0-9_-]{22}$/, { timeout: 60_000 });
  await expect(page.getByTestId('saved-incident')).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

let jaegerRestarted = false;

test.afterAll(async () => {
  await es(`/${INDEX}`, { method: 'DELETE' });
  if (jaegerRestarted && existsSync(`${STACK_DIR}/seed/scenario.json`))
    execFileSync('npx', ['tsx', 'scripts/seed/main.ts'], { stdio: 'inherit', timeout: 300_000 });
});

test('a saved incident keeps its pinned lines and trace after the backends lose them', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await writeOwnLogs();
  await sendOwnTrace();
  const id = await pinAndSave(page);

  // The backends lose the evidence: the log index is deleted (by name), Jaeger restarted.
  expect((await es(`/${INDEX}`, { method: 'DELETE' })).status).toBe(200);
  killBackend('jaeger');
  jaegerRestarted = true;
  startBackend('jaeger');
  expect(await jaegerHas()).toBe(false);
  expect((await es(`/${INDEX}`, { method: 'HEAD' })).status).toBe(404);

  // A fresh browser (no cache, no storage) opens the short link.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(`/i/${id}`);
  await expect(fresh.getByTestId('saved-incident-title')).toHaveText(
    `Executor lost on ${SERVICE} <b>bold?</b>`,
  );
  await expect(fresh.getByTestId('frozen-notice')).toContainText('frozen');
  const logs = fresh.getByTestId('frozen-logs');
  await expect(logs.getByTestId('log-row')).toHaveCount(LINES.length);
  for (const line of LINES) await expect(logs).toContainText(line.message);
  await expect(logs.getByTestId('frozen-label').first()).toContainText('frozen at');
  await expect(logs.getByTestId('logs-live-count')).toHaveText(
    `0 of ${LINES.length} still in Elasticsearch`,
  );
  await expect(logs.getByTestId('live-label')).toHaveAttribute('data-live', 'gone');
  // The whole document was copied, not only what the list shows.
  await expect(logs.getByTestId('frozen-log-detail')).toContainText(`"traceId": "${TRACE}"`);
  const trace = fresh.getByTestId('frozen-trace');
  await expect(trace).toContainText(TRACE);
  await expect(trace.getByTestId('frozen-label')).toContainText('frozen at');
  await expect(trace.getByTestId('live-label')).toHaveAttribute('data-live', 'gone');
  await trace.getByText('job 7').click();
  await expect(trace.getByTestId('span-attributes')).toContainText(HOSTILE);
  await expect(fresh.getByTestId('frozen-timeline').getByTestId('frozen-label')).toBeVisible();
  // Strings are data: the hostile line and attribute rendered as text, nothing ran.
  expect(await fresh.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await screenshot(fresh, 'incident-saved-frozen');

  // Working on it from the fresh browser: a status change and a note, in the history.
  await fresh.getByTestId('incident-status').selectOption('mitigated');
  await expect(fresh.getByTestId('incident-history')).toContainText('status open → mitigated');
  await fresh.getByTestId('note-text').fill(`Node e2e-host OOM-killed ${HOSTILE}`);
  await fresh.getByTestId('note-add').click();
  await expect(fresh.getByTestId('incident-note')).toContainText('OOM-killed');

  // The static HTML export opens offline, its strings inert.
  const html = await (await fresh.request.get(`/api/incidents/${id}/export?format=html`)).text();
  const offline = await browser.newContext({ offline: true, javaScriptEnabled: true });
  const exported = await offline.newPage();
  await exported.setContent(html);
  await expect(exported.locator('h1')).toHaveText(`Executor lost on ${SERVICE} <b>bold?</b>`);
  await expect(exported.locator('body')).toContainText(LINES[2]?.message ?? '?');
  expect(await exported.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await screenshot(exported, 'incident-export-html');
  await Promise.all([context.close(), offline.close()]);
  await es(`/${PREFIX}-incidents/_doc/${id}?refresh=true`, { method: 'DELETE' });
});
