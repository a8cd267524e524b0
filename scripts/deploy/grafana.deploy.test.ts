/**
 * Grafana and Kibana in docker-compose.yml without a Docker engine: the services and what they
 * mount, the dashboards decoded strictly with the Grafana Foundation SDK's Go types
 * (scripts/deploy/grafana-check, installed by install-grafana-check.sh), as Grafana's entrypoint
 * renders them (each equal to what the generator makes with those link URLs), the provisioning files in Grafana's documented shape with every variable
 * they read set by compose, and Kibana's saved objects against the Elasticsearch index template.
 * Each check also fails on a file broken on purpose.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose, parseDotenv, withGeneratedSecrets } from './compose';
import { DASHBOARDS_DIR, dashboardJson } from './gen-grafana';
import { k8sLinkBases } from './gen-k8s';
import {
  DASHBOARDS,
  DATASOURCE_UIDS,
  KIBANA_DATA_VIEW_ID,
  type LinkBases,
} from './grafana-dashboards';
import { dashboardQueries, parseDashboard } from './grafana-model';
import {
  dashboardProvidersFileSchema,
  dataViewAttributes,
  datasourcesFileSchema,
  parseSavedObjects,
  readProvisioning,
  searchAttributes,
} from './grafana-provisioning';
import { repoRoot, runScript as run, tool } from './tools';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const exampleEnv = withGeneratedSecrets(parseDotenv(read('.env.example')));

interface Service {
  image?: string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}
const services = loadCompose(read('docker-compose.yml'), exampleEnv).services as Record<
  string,
  Service
>;
const grafana = services.grafana!;
/** host path → container path of the service's bind mounts. */
const mounts = (service: Service) =>
  Object.fromEntries(
    (service.volumes ?? []).map((v) => {
      const [source, target] = v.split(':');
      return [source, target];
    }),
  );

describe('the grafana service', () => {
  it('runs a pinned Grafana on 127.0.0.1:${GRAFANA_PORT:-3001}', () => {
    expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(grafana.ports).toEqual([`127.0.0.1:${exampleEnv.GRAFANA_PORT}:3000`]);
    expect(read('docker-compose.yml')).toContain("'127.0.0.1:${GRAFANA_PORT:-3001}:3000'");
    expect(exampleEnv.GRAFANA_PORT).toBe('3001');
  });

  it('mounts the provisioning, the generated dashboards and its entrypoint', () => {
    const m = mounts(grafana);
    expect(m['./deploy/grafana/provisioning']).toBe('/etc/grafana/provisioning');
    expect(m['./deploy/grafana/dashboards']).toBe('/etc/sparkwatch/grafana/dashboards');
    const script = m['./deploy/compose/grafana-entrypoint.sh'];
    expect(grafana.entrypoint).toEqual(['/bin/sh', script]);
  });

  it('gives the data sources the compose hosts of the backends', () => {
    expect(grafana.environment).toMatchObject({
      PROMETHEUS_URL: 'http://prometheus:9090',
      ALERTMANAGER_URL: 'http://alertmanager:9093',
      ELASTICSEARCH_URL: 'http://elasticsearch:9200',
      JAEGER_URL: 'http://jaeger:16686',
      CONSOLE_PUBLIC_URL: exampleEnv.CONSOLE_PUBLIC_URL,
    });
    for (const name of ['prometheus', 'alertmanager', 'elasticsearch', 'jaeger'])
      expect(services[name], name).toBeDefined();
  });
});

describe('the dashboards, decoded strictly with the Grafana Foundation SDK’s Go types', () => {
  const check = (files: string[]) => run(tool('grafana-dashboard-check'), files);

  it('are valid, as committed, as compose renders them and as the Kubernetes ConfigMap holds them', async () => {
    const committed = Object.keys(DASHBOARDS).map((n) => path.join(repoRoot, DASHBOARDS_DIR, n));
    const out = mkdtempSync(path.join(tmpdir(), 'sw-grafana-check-'));
    const rendered = run('sh', ['deploy/compose/grafana-entrypoint.sh', '--render-only'], {
      SW_GRAFANA_SRC: path.join(repoRoot, DASHBOARDS_DIR),
      SW_GRAFANA_DASHBOARDS: out,
      CONSOLE_PUBLIC_URL: 'https://sparkwatch.example.com',
    });
    expect(rendered.code, rendered.out).toBe(0);
    const files = [...committed, ...readdirSync(out).map((n) => path.join(out, n))];
    for (const [name, make] of Object.entries(DASHBOARDS)) {
      const file = path.join(out, `k8s-${name}`);
      writeFileSync(file, await dashboardJson(make, k8sLinkBases()));
      files.push(file);
    }
    const result = check(files);
    expect(result.out.match(/: valid$/gm)?.length, result.out).toBe(files.length);
    expect(result.code).toBe(0);
  });

  it('rejects a dashboard broken on purpose (unknown field, wrong type, misspelled query key)', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sw-grafana-bad-')), 'bad.json');
    const good = read(`${DASHBOARDS_DIR}/spark-streaming.json`);
    writeFileSync(
      file,
      good
        .replace('"refresh": "30s"', '"refresh": 30, "refersh": "30s"')
        .replace('"expr": "sum by', '"exrp": "sum by'),
    );
    const result = check([file]);
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(/refresh: json: cannot unmarshal number/);
    expect(result.out).toMatch(/unexpected field 'refersh'/);
    expect(result.out).toMatch(/unexpected field 'exrp'/);
  });
});

describe('the dashboards as grafana-entrypoint.sh renders them', () => {
  const bases: LinkBases = {
    console: 'https://sparkwatch.example.com',
    jaeger: 'https://jaeger.example.com:8443',
    kibana: 'https://kibana.example.com/s/ops',
  };
  function render(env: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-grafana-'));
    const result = run('sh', ['deploy/compose/grafana-entrypoint.sh', '--render-only'], {
      SW_GRAFANA_SRC: path.join(repoRoot, DASHBOARDS_DIR),
      SW_GRAFANA_DASHBOARDS: dir,
      ...env,
    });
    return { ...result, dir };
  }

  it('are the generated dashboards with the link URLs of the environment', async () => {
    const rendered = render({
      CONSOLE_PUBLIC_URL: `${bases.console}/`,
      JAEGER_PUBLIC_URL: bases.jaeger,
      KIBANA_PUBLIC_URL: bases.kibana,
    });
    expect(rendered.code, rendered.out).toBe(0);
    expect(readdirSync(rendered.dir).sort()).toEqual(Object.keys(DASHBOARDS).sort());
    for (const [name, make] of Object.entries(DASHBOARDS)) {
      const text = readFileSync(path.join(rendered.dir, name), 'utf8');
      expect(JSON.parse(text)).toEqual(JSON.parse(await dashboardJson(make, bases)));
      expect(text).not.toContain('localhost');
    }
  });

  it('keep the local defaults when nothing is set', async () => {
    const rendered = render({});
    expect(rendered.code, rendered.out).toBe(0);
    for (const name of Object.keys(DASHBOARDS)) {
      expect(readFileSync(path.join(rendered.dir, name), 'utf8')).toBe(
        read(`${DASHBOARDS_DIR}/${name}`),
      );
    }
  });

  it('refuse a URL that would break the JSON or the substitution', () => {
    for (const bad of ['http://a"b', 'http://a&b', 'ftp://x', 'http://a#b']) {
      const rendered = render({ CONSOLE_PUBLIC_URL: bad });
      expect(rendered.code, bad).not.toBe(0);
      expect(rendered.out).toMatch(/CONSOLE_PUBLIC_URL/);
    }
  });
});

describe('Grafana provisioning', () => {
  const composeEnv = (): Record<string, string> => ({
    ...grafana.environment!,
    SW_GRAFANA_DASHBOARDS: '/var/lib/grafana/sparkwatch-dashboards',
  });
  const datasourcesFile = 'deploy/grafana/provisioning/datasources/sparkwatch.yaml';
  const providersFile = 'deploy/grafana/provisioning/dashboards/sparkwatch.yaml';

  it('data sources: the documented shape, expanded from the compose environment', () => {
    const file = datasourcesFileSchema.parse(readProvisioning(read(datasourcesFile), composeEnv()));
    const byUid = Object.fromEntries(file.datasources.map((d) => [d.uid, d]));
    expect(byUid[DATASOURCE_UIDS.prometheus]).toMatchObject({
      type: 'prometheus',
      url: 'http://prometheus:9090',
      isDefault: true,
    });
    expect(byUid[DATASOURCE_UIDS.alertmanager]).toMatchObject({ type: 'alertmanager' });
    expect(byUid[DATASOURCE_UIDS.elasticsearch]).toMatchObject({
      type: 'elasticsearch',
      url: 'http://elasticsearch:9200',
      jsonData: { index: 'spark-logs-*', timeField: '@timestamp' },
    });
    expect(byUid[DATASOURCE_UIDS.jaeger]).toMatchObject({
      type: 'jaeger',
      url: 'http://jaeger:16686',
    });
    // `$$` keeps Grafana's own data-link variable out of the environment expansion.
    expect(JSON.stringify(byUid[DATASOURCE_UIDS.elasticsearch])).toContain('${__value.raw}');
  });

  it('data sources as compose renders them: Elasticsearch signed in as its reader, no password on disk', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-grafana-provisioning-'));
    const env = composeEnv();
    const rendered = run('sh', ['deploy/compose/grafana-entrypoint.sh', '--render-only'], {
      SW_GRAFANA_SRC: path.join(repoRoot, DASHBOARDS_DIR),
      SW_GRAFANA_DASHBOARDS: mkdtempSync(path.join(tmpdir(), 'sw-grafana-dashboards-')),
      SW_GRAFANA_PROVISIONING_SRC: path.join(repoRoot, 'deploy/grafana/provisioning'),
      SW_GRAFANA_PROVISIONING: dir,
      ELASTICSEARCH_GRAFANA_USER: env.ELASTICSEARCH_GRAFANA_USER!,
      ELASTICSEARCH_GRAFANA_PASSWORD: env.ELASTICSEARCH_GRAFANA_PASSWORD!,
    });
    expect(rendered.code, rendered.out).toBe(0);
    const text = readFileSync(path.join(dir, 'datasources', 'sparkwatch.yaml'), 'utf8');
    expect(text).not.toContain(exampleEnv.GRAFANA_ES_PASSWORD);
    const file = datasourcesFileSchema.parse(readProvisioning(text, env));
    const byUid = Object.fromEntries(file.datasources.map((d) => [d.uid, d]));
    expect(env.ELASTICSEARCH_GRAFANA_USER).toBe('sparkwatch_grafana');
    expect(byUid[DATASOURCE_UIDS.elasticsearch]).toMatchObject({
      basicAuth: true,
      basicAuthUser: 'sparkwatch_grafana',
      secureJsonData: { basicAuthPassword: exampleEnv.GRAFANA_ES_PASSWORD },
    });
    expect(byUid[DATASOURCE_UIDS.prometheus]?.basicAuth).toBeUndefined();
    // The dashboards' provider comes along.
    expect(readFileSync(path.join(dir, 'dashboards', 'sparkwatch.yaml'), 'utf8')).toBe(
      read(providersFile),
    );
  });

  it('every data source a dashboard query names is provisioned with that type', () => {
    const file = datasourcesFileSchema.parse(readProvisioning(read(datasourcesFile), composeEnv()));
    for (const name of Object.keys(DASHBOARDS)) {
      for (const q of dashboardQueries(parseDashboard(read(`${DASHBOARDS_DIR}/${name}`)))) {
        expect(file.datasources.find((d) => d.uid === q.datasource.uid)?.type, q.where).toBe(
          q.datasource.type,
        );
      }
    }
  });

  it('dashboard provider: reads the folder the entrypoint renders into', () => {
    const file = dashboardProvidersFileSchema.parse(
      readProvisioning(read(providersFile), composeEnv()),
    );
    expect(file.providers.map((p) => p.options.path)).toEqual([
      '/var/lib/grafana/sparkwatch-dashboards',
    ]);
    expect(read('deploy/compose/grafana-entrypoint.sh')).toContain(
      'out=${SW_GRAFANA_DASHBOARDS:-/var/lib/grafana/sparkwatch-dashboards}',
    );
  });

  it('fails when broken on purpose: a misspelled key, an unset variable', () => {
    const misspelled = read(datasourcesFile).replace('    isDefault: true', '    isDefualt: true');
    const result = datasourcesFileSchema.safeParse(readProvisioning(misspelled, composeEnv()));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/isDefualt/);
    const env = composeEnv();
    delete env.JAEGER_URL;
    expect(() => readProvisioning(read(datasourcesFile), env)).toThrow(/JAEGER_URL/);
  });
});

describe('Kibana saved objects', () => {
  const init = services['kibana-init']!;
  const objects = parseSavedObjects(read('deploy/kibana/saved-objects.ndjson'));
  const template = JSON.parse(read('deploy/elasticsearch/index-template.json')) as {
    index_patterns: string[];
    template: { mappings: { properties: Record<string, { type?: string }> } };
  };
  const mapped = template.template.mappings.properties;

  it('are imported once Kibana is healthy, by a one-shot service', () => {
    expect(init.restart).toBe('no');
    expect(init.depends_on).toEqual({ kibana: { condition: 'service_healthy' } });
    const m = mounts(init);
    expect(m['./deploy/kibana']).toBe('/sparkwatch/kibana');
    expect(init.entrypoint).toEqual(['/bin/sh', m['./deploy/compose/kibana-init.sh']]);
    const script = read('deploy/compose/kibana-init.sh');
    expect(script).toContain('/api/saved_objects/_import?overwrite=true');
    expect(script).toContain('/sparkwatch/kibana/saved-objects.ndjson');
  });

  it('hold a data view over spark-logs-* with the id the Grafana links open', () => {
    const view = objects.find((o) => o.type === 'index-pattern');
    expect(view?.id).toBe(KIBANA_DATA_VIEW_ID);
    const attributes = dataViewAttributes.parse(view?.attributes);
    expect(template.index_patterns).toEqual([attributes.title]);
    expect(mapped[attributes.timeFieldName]?.type).toBe('date');
  });

  it('hold a saved search on that data view whose columns are mapped fields', () => {
    const search = objects.find((o) => o.type === 'search');
    const attributes = searchAttributes.parse(search?.attributes);
    const source = JSON.parse(attributes.kibanaSavedObjectMeta.searchSourceJSON) as {
      indexRefName: string;
    };
    const ref = search?.references.find((r) => r.name === source.indexRefName);
    expect(ref).toEqual({
      id: KIBANA_DATA_VIEW_ID,
      name: source.indexRefName,
      type: 'index-pattern',
    });
    for (const column of [...attributes.columns, ...attributes.sort.map(([f]) => f)])
      expect(mapped, column).toHaveProperty(column);
    expect(attributes.columns).toContain('appId');
  });

  it('fail when broken on purpose', () => {
    const broken = read('deploy/kibana/saved-objects.ndjson').replace(
      '"timeFieldName"',
      '"timeField"',
    );
    const view = parseSavedObjects(broken).find((o) => o.type === 'index-pattern');
    expect(dataViewAttributes.safeParse(view?.attributes).success).toBe(false);
    expect(() => parseSavedObjects('{"id":"x"}\n')).toThrow();
  });
});
