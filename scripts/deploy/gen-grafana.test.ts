import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR, renderGrafana } from './gen-grafana';
import { DATASOURCE_UIDS, LOCAL_LINK_BASES } from './grafana-dashboards';
import {
  dashboardPanels,
  dashboardQueries,
  interpolateLink,
  parseDashboard,
  substitutePromql,
} from './grafana-model';
import { repoRoot } from './tools';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

describe('deploy/grafana/dashboards', () => {
  it('are what scripts/deploy/gen-grafana.ts makes now (run npm run gen:grafana after a change)', async () => {
    const files = await renderGrafana();
    expect(Object.keys(files).length).toBe(2);
    for (const [file, text] of Object.entries(files)) {
      expect(read(file), `${file} is stale: npm run gen:grafana`).toBe(text);
    }
    // Nothing in the folder that the generator does not make.
    const committed = readdirSync(path.join(repoRoot, DASHBOARDS_DIR)).map(
      (name) => `${DASHBOARDS_DIR}/${name}`,
    );
    expect(committed.sort()).toEqual(Object.keys(files).sort());
  });

  const dashboards = Object.fromEntries(
    readdirSync(path.join(repoRoot, DASHBOARDS_DIR)).map((name) => [
      name,
      parseDashboard(read(`${DASHBOARDS_DIR}/${name}`)),
    ]),
  );

  it('have unique uids and the titles the issue names', () => {
    const titles = Object.values(dashboards).map((d) => d.title);
    expect(titles.sort()).toEqual(['Spark — metrics core', 'Spark — streaming']);
    const uids = Object.values(dashboards).map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(Object.keys(dashboards))(
    '%s: every query reads the provisioned Prometheus, filtered on $app_id',
    (name) => {
      const queries = dashboardQueries(dashboards[name]!);
      expect(queries.length).toBeGreaterThan(4);
      for (const q of queries) {
        expect(q.datasource, q.where).toEqual({
          type: 'prometheus',
          uid: DATASOURCE_UIDS.prometheus,
        });
        expect(q.expr, q.where).toContain('app_id="$app_id"');
      }
    },
  );

  it.each(Object.keys(dashboards))(
    '%s: every panel links each series to Sparkwatch, Jaeger and Kibana',
    (name) => {
      const panels = dashboardPanels(dashboards[name]!).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(4);
      for (const panel of panels) {
        const urls = (panel.fieldConfig?.defaults?.links ?? []).map((l) => l.url);
        expect(urls, panel.title).toEqual([
          expect.stringMatching(/^\$\{console_url\}\/apps\/\$\{__field\.labels\.app_id/),
          expect.stringMatching(/^\$\{console_url\}\/incident\?appId=/),
          expect.stringMatching(/^\$\{jaeger_url\}\/search\?service=/),
          expect.stringMatching(/^\$\{kibana_url\}\/app\/discover#\//),
        ]);
        for (const url of urls.slice(0, 2)) expect(url).toContain('from=${__from}&to=${__to}');
      }
    },
  );

  it.each(Object.keys(dashboards))('%s: annotates firing ALERTS of the app', (name) => {
    const alerts = dashboards[name]!.annotations?.list?.find((a) => a.name === 'Alerts');
    expect(alerts?.expr).toBe('ALERTS{app_id="$app_id", alertstate="firing"}');
    expect(alerts?.enable).toBe(true);
    expect(alerts?.textFormat).toContain(
      `${LOCAL_LINK_BASES.console}/incident?appId={{app_id}}&appName={{app_name}}`,
    );
  });
});

describe('filling in templates as Grafana does (what grafana.int.test.ts relies on)', () => {
  it('PromQL: variables, regex-escaped after =~, and $__rate_interval', () => {
    expect(
      substitutePromql(
        'rate(m{app_id="$app_id", query=~"${query}"}[$__rate_interval])',
        { app_id: 'app-1', query: 'a.b(c)' },
        '1m',
      ),
    ).toBe('rate(m{app_id="app-1", query=~"a\\\\.b\\\\(c\\\\)"}[1m])');
    expect(() => substitutePromql('m{x="$nope"}', {}, '1m')).toThrow(/\$nope/);
  });

  it('links: percentencode, field labels, epoch ms and ISO times; unknown names throw', () => {
    const scope = {
      variables: { console_url: 'http://c' },
      labels: { app_id: "a b'" },
      from: 1_000,
      to: 2_000,
    };
    expect(
      interpolateLink(
        '${console_url}/apps/${__field.labels.app_id:percentencode}?from=${__from}&to=${__to}&t=${__to:date:iso}',
        scope,
      ),
    ).toBe('http://c/apps/a%20b%27?from=1000&to=2000&t=1970-01-01T00:00:02.000Z');
    expect(() => interpolateLink('${jaeger_url}', scope)).toThrow(/jaeger_url/);
    expect(() => interpolateLink('${__field.labels.query}', scope)).toThrow(/query/);
  });
});
