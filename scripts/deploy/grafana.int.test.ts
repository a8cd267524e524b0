/**
 * The Grafana dashboards against the real seeded stack: every PromQL expression of every panel
 * (and annotation), with the template variables Grafana would fill in for a seeded app, answers the
 * real Prometheus with data of that app only; every data link, filled in from the labels of a series
 * that panel really returned and the dashboard's range, opens a console route that answers 200 (a
 * production build of the console, started here), finds the app's traces in Jaeger, and names a
 * Kibana data view and query under which Elasticsearch holds the app's logs. If the real Miaradia
 * job has run on this stack (scripts/spark-demo.int.test.ts, `npm run spark:demo`), its app is
 * checked the same way.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from './gen-grafana';
import { KIBANA_DATA_VIEW_ID } from './grafana-dashboards';
import {
  dashboardQueries,
  type GrafanaDashboard,
  interpolateLink,
  linkTemplates,
  parseDashboard,
  substitutePromql,
} from './grafana-model';
import { captureOutput, freePort, waitForHealth } from '../lib/serve';
import { ADMIN_COOKIE } from '@/lib/testing/session';
import { repoRoot } from './tools';

const PROM = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const JAEGER = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686';
const STACK = process.env.SW_STACK_DIR ?? path.join(repoRoot, '.stack');
// Four scrapes of the datasource's timeInterval (15s), Grafana's floor for $__rate_interval.
const RATE_INTERVAL = '1m';

const sc = JSON.parse(readFileSync(path.join(STACK, 'seed', 'scenario.json'), 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string; query: string };
  batch: { appId: string; appName: string };
};
const STREAMING = sc.streaming.appId;
const NIGHTLY = sc.batch.appId;
// Up to now: ALERTS exist only since Prometheus evaluated the rules on the live exporter.
const now = Date.now();
const range = { from: sc.window.from, to: now };

const dashboards: GrafanaDashboard[] = readdirSync(path.join(repoRoot, DASHBOARDS_DIR)).map(
  (name) => parseDashboard(readFileSync(path.join(repoRoot, DASHBOARDS_DIR, name), 'utf8')),
);
const core = dashboards.find((d) => d.title === 'Spark — metrics core')!;
const streaming = dashboards.find((d) => d.title === 'Spark — streaming')!;

/**
 * Which seeded app has the series a panel reads: the streaming app has no shuffle, the nightly batch
 * app no task counters and no alerts (ALERTS only exist live, and only the streaming incident is).
 */
function seededAppsFor(dashboard: GrafanaDashboard, panel: string): string[] {
  if (dashboard === streaming) return [STREAMING];
  if (panel === 'Shuffle read / write') return [NIGHTLY];
  if (['Tasks completed / failed', 'Firing alerts', 'annotation Alerts'].includes(panel))
    return [STREAMING];
  return [STREAMING, NIGHTLY];
}

interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

async function promRange(query: string, from: number, to: number): Promise<Series[]> {
  const params = new URLSearchParams({
    query,
    start: String(from / 1000),
    end: String(to / 1000),
    // What Grafana asks for a few hours over a panel's width; short real runs need it that fine.
    step: '15',
  });
  const response = await fetch(`${PROM}/api/v1/query_range`, { method: 'POST', body: params });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: Series[] };
  };
  expect(response.status, `${query}: ${body.error ?? ''}`).toBe(200);
  return body.data.result;
}

/** The series a panel query returns for an app, checked to be data of that app only. */
async function seriesOf(
  expr: string,
  appId: string,
  { window = range, query: queryName = sc.streaming.query } = {},
): Promise<Series[]> {
  const query = substitutePromql(expr, { app_id: appId, query: queryName }, RATE_INTERVAL);
  const result = await promRange(query, window.from, window.to);
  expect(result.length, `no series for ${appId}: ${query}`).toBeGreaterThan(0);
  for (const series of result) expect(series.metric.app_id, query).toBe(appId);
  const finite = result.flatMap((s) => s.values).filter(([, v]) => Number.isFinite(Number(v)));
  expect(finite.length, `only NaN / Inf for ${appId}: ${query}`).toBeGreaterThan(0);
  return result;
}

let server: ChildProcess | undefined;
let base = '';

beforeAll(async () => {
  // A production build, as e2e and the standalone test use (npm test builds before this stage).
  const distDir = process.env.NEXT_DIST_DIR ?? '.next';
  const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' };
  if (!existsSync(path.join(repoRoot, distDir, 'BUILD_ID'))) {
    const build = spawnSync('npx', ['next', 'build'], { cwd: repoRoot, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const next = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  server = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: repoRoot,
    env: { ...env, NODE_ENV: 'production', CONSOLE_PUBLIC_URL: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForHealth(`${base}/api/health`, 90_000, server, captureOutput(server));
}, 900_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('every panel query on the seeded Prometheus', () => {
  const cases = dashboards.flatMap((dashboard) =>
    dashboardQueries(dashboard).flatMap((q) =>
      seededAppsFor(dashboard, q.panel).map((appId) => ({ ...q, appId })),
    ),
  );

  it('covers every query of both dashboards', () => {
    expect(dashboards).toHaveLength(2);
    const queries = dashboards.flatMap(dashboardQueries);
    expect(new Set(cases.map((c) => c.where))).toEqual(new Set(queries.map((q) => q.where)));
    expect(queries.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.where, c.appId, c.expr] as const))(
    '%s, app %s',
    async (_where, appId, expr) => {
      await seriesOf(expr, appId);
    },
  );

  it('a query filtered on another app returns none of the seeded app’s data', async () => {
    const [q] = dashboardQueries(streaming);
    const query = substitutePromql(
      q!.expr,
      { app_id: NIGHTLY, query: sc.streaming.query },
      RATE_INTERVAL,
    );
    expect(await promRange(query, range.from, range.to)).toEqual([]);
  });
});

describe('the template variables on the seeded Prometheus', () => {
  async function labelValues(definition: string, variables: Record<string, string>) {
    const m = /^label_values\((.+), (\w+)\)$/.exec(definition);
    if (!m) throw new Error(`not a label_values query: ${definition}`);
    const match = substitutePromql(m[1]!, variables, RATE_INTERVAL);
    const params = new URLSearchParams({
      'match[]': match,
      start: String(range.from / 1000),
      end: String(range.to / 1000),
    });
    const response = await fetch(`${PROM}/api/v1/label/${m[2]}/values?${params}`);
    return ((await response.json()) as { data: string[] }).data;
  }
  const definition = (d: GrafanaDashboard, name: string) => {
    const variable = d.templating.list.find((v) => v.name === name);
    const q = variable?.query;
    return typeof q === 'string' ? q : (q?.query ?? '');
  };

  it('app_id offers both seeded apps in "metrics core", the streaming one in "streaming"', async () => {
    expect(await labelValues(definition(core, 'app_id'), {})).toEqual(
      expect.arrayContaining([STREAMING, NIGHTLY]),
    );
    const streamingApps = await labelValues(definition(streaming, 'app_id'), {});
    expect(streamingApps).toContain(STREAMING);
    expect(streamingApps).not.toContain(NIGHTLY);
  });

  it('query offers the streaming app’s query', async () => {
    expect(await labelValues(definition(streaming, 'query'), { app_id: STREAMING })).toEqual([
      sc.streaming.query,
    ]);
  });
});

/** Console, Jaeger and Kibana URLs, deduplicated, from each panel's first series of each app. */
type Links = Map<string, { where: string; appId: string }>;

async function filledLinks(
  apps: (d: GrafanaDashboard, panel: string) => string[],
  options: { window?: { from: number; to: number }; query?: string } = {},
) {
  const window = options.window ?? range;
  const urls: Links = new Map();
  const covered = new Set<string>();
  for (const dashboard of dashboards) {
    const queries = dashboardQueries(dashboard);
    for (const template of linkTemplates(dashboard)) {
      const [, panelTitle] = template.where.split(' / ');
      // The dashboard's own links take the app of the first panel that has one.
      const query =
        queries.find((q) => q.panel === panelTitle) ??
        queries.find((q) => apps(dashboard, q.panel).length > 0)!;
      for (const appId of apps(dashboard, query.panel)) {
        const [series] = await seriesOf(query.expr, appId, options);
        const url = interpolateLink(template.url, {
          variables: {
            console_url: base,
            jaeger_url: JAEGER,
            kibana_url: 'http://kibana.test',
            app_id: appId,
          },
          labels: series!.metric,
          from: window.from,
          to: window.to,
        });
        urls.set(url, { where: template.where, appId });
        covered.add(template.where);
      }
    }
  }
  return { urls, covered };
}

/** Each console link opens its route with the window and app of the link: 200, no empty state. */
async function expectConsoleLinksOpen(links: Links, window: { from: number; to: number }) {
  const console = [...links].filter(([url]) => url.startsWith(base));
  expect(console.length).toBeGreaterThanOrEqual(4);
  for (const [url, { where, appId }] of console) {
    const parsed = new URL(url);
    expect(['/incident', `/apps/${appId}`], where).toContain(parsed.pathname);
    expect(parsed.searchParams.get('from')).toBe(String(window.from));
    expect(parsed.searchParams.get('to')).toBe(String(window.to));
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: ADMIN_COOKIE } });
    expect(response.status, `${where}: ${url}`).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(/Not a Spark application id|No incident to show/);
  }
}

describe('every data link, filled in from a series the panel returned', () => {
  let links: Links = new Map();
  let covered = new Set<string>();
  beforeAll(async () => {
    ({ urls: links, covered } = await filledLinks(seededAppsFor));
  }, 300_000);

  it('covers every link template of both dashboards', () => {
    const templates = dashboards.flatMap(linkTemplates);
    expect(templates.length).toBeGreaterThan(20);
    expect(covered).toEqual(new Set(templates.map((t) => t.where)));
  });

  it('console links open the app page or incident view with an absolute window: 200', async () => {
    await expectConsoleLinksOpen(links, range);
  });

  it('Jaeger links search the app’s traces by its service and spark.app.id', async () => {
    const jaeger = [...links].filter(([url]) => url.startsWith(JAEGER));
    expect(jaeger.length).toBeGreaterThanOrEqual(2);
    for (const [url, { where, appId }] of jaeger) {
      const p = new URL(url).searchParams;
      expect(new URL(url).pathname).toBe('/search');
      expect(p.get('start')).toBe(`${range.from}000`);
      expect(JSON.parse(p.get('tags') ?? '')).toEqual({ 'spark.app.id': appId });
      // The UI's search, as the API it calls.
      const api = new URLSearchParams({
        service: p.get('service') ?? '',
        tags: p.get('tags') ?? '',
        start: p.get('start') ?? '',
        end: p.get('end') ?? '',
        limit: '5',
      });
      const response = await fetch(`${JAEGER}/api/traces?${api}`);
      const body = (await response.json()) as {
        data: { spans: { tags: { key: string; value: unknown }[] }[] }[];
      };
      expect(body.data.length, `${where}: no traces`).toBeGreaterThan(0);
      for (const trace of body.data) {
        const ids = trace.spans.flatMap((s) => s.tags.filter((t) => t.key === 'spark.app.id'));
        expect(ids.map((t) => t.value)).toContain(appId);
      }
    }
  });

  it('Kibana links open Discover on the spark-logs data view, where the app has logs', async () => {
    const kibana = [...links].filter(([url]) => url.startsWith('http://kibana.test'));
    expect(kibana.length).toBeGreaterThanOrEqual(2);
    for (const [url, { where, appId }] of kibana) {
      const hash = decodeURIComponent(new URL(url).hash);
      expect(hash, where).toContain(`dataViewId:${KIBANA_DATA_VIEW_ID},type:dataView`);
      expect(hash).toContain(`query:(language:kuery,query:'appId:"${appId}"')`);
      const from = new Date(range.from).toISOString();
      const to = new Date(range.to).toISOString();
      expect(hash).toContain(`_g=(time:(from:'${from}',to:'${to}'))`);
      // What Discover would show: the app's log lines in that window.
      const response = await fetch(`${ES}/spark-logs-*/_count`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: {
            bool: {
              filter: [{ term: { appId } }, { range: { '@timestamp': { gte: from, lte: to } } }],
            },
          },
        }),
      });
      expect(((await response.json()) as { count: number }).count, where).toBeGreaterThan(0);
    }
  });

  it('the alert annotation’s link opens the incident view of the firing alert’s app', async () => {
    for (const dashboard of dashboards) {
      const annotation = dashboard.annotations?.list.find((a) => a.name === 'Alerts');
      const [alert] = await seriesOf(annotation!.expr!, STREAMING);
      const text = annotation!.textFormat!.replace(
        /\{\{(\w+)\}\}/g,
        (_, label: string) => alert!.metric[label] ?? '',
      );
      const href = /href="([^"]+)"/.exec(text)?.[1] ?? '';
      const link = new URL(href);
      // Written with the dashboards' default console URL; here, the console under test.
      const url = `${base}${link.pathname}${link.search}`;
      expect(link.searchParams.get('appId')).toBe(STREAMING);
      const response = await fetch(url, { headers: { cookie: ADMIN_COOKIE } });
      expect(response.status, url).toBe(200);
      // The console gives the link its absolute window.
      expect(new URL(response.url).searchParams.get('from')).toMatch(/^\d{13}$/);
    }
  });
});

describe('the real Miaradia run on this stack, if there was one', () => {
  const lastRun = path.join(STACK, 'spark', 'last-run');
  const runAppId = () => {
    if (!existsSync(lastRun)) return undefined;
    const file = path.join(readFileSync(lastRun, 'utf8').trim(), 'app-id');
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  };

  it('every panel query returns data of the real app, its console links open', async (ctx) => {
    const appId = runAppId();
    if (!appId) {
      ctx.skip(`no real Spark run on this stack (${lastRun}); run npm run spark:demo`);
      return;
    }
    const window = { from: now - 6 * 3600_000, to: now };
    const known = await promRange(
      `count by (app_id) (metrics_executor_totalCores{app_id="${appId}"})`,
      window.from,
      window.to,
    );
    if (!known.length) {
      ctx.skip(`the real run ${appId} is not in this Prometheus (older than 6 h or another stack)`);
      return;
    }
    const queries = await promRange(
      `count by (query) (spark_streaming_input_rate{app_id="${appId}"})`,
      window.from,
      window.to,
    );
    const query = queries[0]?.metric.query;
    expect(query, `the real run ${appId} reports no streaming query`).toBeDefined();
    // Spark reports a watermark only once a batch has moved it (minutes into a short run); the lag
    // panel is held to showing it whenever the run reported one.
    const watermark = await promRange(
      `spark_streaming_watermark_ms{app_id="${appId}"} > 0`,
      window.from,
      window.to,
    );
    for (const dashboard of dashboards) {
      for (const q of dashboardQueries(dashboard)) {
        // Alerts fire only when something is wrong; a healthy run has none.
        if (q.panel === 'Firing alerts' || q.panel.startsWith('annotation')) continue;
        if (q.panel === 'Watermark lag' && !watermark.length) {
          await ctx.annotate(`${appId} reported no watermark: Watermark lag not checked`);
          continue;
        }
        await seriesOf(q.expr, appId, { window, query });
      }
    }
    // Its links into the console, filled in from its own series (alerts left out, as above).
    const noAlerts = (_: GrafanaDashboard, panel: string) =>
      panel === 'Firing alerts' || panel.startsWith('annotation') ? [] : [appId];
    const { urls } = await filledLinks(noAlerts, { window, query });
    await expectConsoleLinksOpen(urls, window);
  });
});
