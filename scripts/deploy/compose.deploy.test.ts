/**
 * docker-compose.yml and the configs its services render at start, checked with real validators:
 * the Compose specification's JSON schema (from compose-go), promtool and amtool. No Docker engine
 * is needed; each check also fails on a config broken on purpose.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_SECRETS,
  interpolateString,
  loadCompose,
  NO_HEALTHCHECK,
  parseDotenv,
  publishedPortVariables,
  referenceErrors,
  schemaErrors,
  withGeneratedSecrets,
} from './compose';
import { repoRoot, runScript as run, toolsDir } from './tools';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const composeText = read('docker-compose.yml');
// .env.example leaves the secrets to generate empty; a filled-in .env has them.
const exampleEnv = withGeneratedSecrets(parseDotenv(read('.env.example')));
const schema = JSON.parse(readFileSync(toolsDir('compose-spec-v2.10.0.json'), 'utf8')) as object;

describe('interpolation', () => {
  it('follows Compose for defaults, required variables and $$', () => {
    const env = { SET: 'a', EMPTY: '' };
    expect(interpolateString('${SET:-x}/${EMPTY:-x}/${EMPTY-x}/${UNSET-x}', env)).toBe('a/x//x');
    expect(interpolateString('$$HOME ${SET}', env)).toBe('$HOME a');
    expect(() => interpolateString('${UNSET:?set it}', env)).toThrow(/UNSET is missing: set it/);
    expect(() => interpolateString('${EMPTY:?set it}', env)).toThrow(/EMPTY/);
  });
});

describe('docker-compose.yml', () => {
  const doc = loadCompose(composeText, exampleEnv);

  it('is valid against the Compose specification schema with .env.example', () => {
    expect(schemaErrors(doc, schema)).toEqual([]);
  });

  it('needs every required variable to be in .env.example', () => {
    const required = [...composeText.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(exampleEnv, name).toHaveProperty(name);
    expect(() => loadCompose(composeText, {})).toThrow(/required variable SLACK_WEBHOOK_URL/);
  });

  it('refuses to start before the secrets are generated into .env', () => {
    const example = parseDotenv(read('.env.example'));
    for (const name of GENERATED_SECRETS) {
      expect(example[name], name).toBe('');
      expect(() => loadCompose(composeText, { ...exampleEnv, [name]: '' })).toThrow(
        new RegExp(name),
      );
    }
  });

  it('runs Elasticsearch with security on and every client on its own credentials', () => {
    const services = doc.services as Record<
      string,
      { environment?: Record<string, string>; volumes?: string[]; entrypoint?: string[] }
    >;
    const env = (name: string) => services[name]?.environment ?? {};
    expect(env('elasticsearch')['xpack.security.enabled']).toBe('true');
    expect(env('elasticsearch').ELASTIC_PASSWORD).toBe(exampleEnv.ELASTIC_PASSWORD);
    // The console: an API key from elasticsearch-init's volume, never the superuser.
    expect(JSON.stringify(env('console'))).not.toContain(exampleEnv.ELASTIC_PASSWORD);
    expect(services.console?.volumes).toContain('elasticsearch-credentials:/run/sparkwatch:ro');
    expect(services['elasticsearch-init']?.volumes).toContain(
      'elasticsearch-credentials:/sparkwatch/credentials',
    );
    expect(env('console').SW_ELASTICSEARCH_API_KEY_FILE).toBe(
      `/run/sparkwatch/${path.basename(env('elasticsearch-init').SW_CONSOLE_API_KEY_FILE ?? '')}`,
    );
    expect(services.console?.entrypoint?.join(' ')).toContain('ELASTICSEARCH_API_KEY=');
    expect(env('fluent-bit')).toMatchObject({
      ELASTICSEARCH_USER: 'sparkwatch_shipper',
      ELASTICSEARCH_PASSWORD: exampleEnv.FLUENT_BIT_ES_PASSWORD,
    });
    expect(env('kibana')).toMatchObject({
      ELASTICSEARCH_USERNAME: 'kibana_system',
      ELASTICSEARCH_PASSWORD: exampleEnv.KIBANA_SYSTEM_PASSWORD,
    });
  });

  it('references only declared services and volumes, existing files, and has health checks', () => {
    expect(referenceErrors(doc, repoRoot)).toEqual([]);
    expect(Object.keys(NO_HEALTHCHECK).every((name) => name in (doc.services as object))).toBe(
      true,
    );
  });

  it('documents every published port in .env.example and the README', () => {
    const readme = read('README.md');
    const ports = publishedPortVariables(composeText);
    expect(ports).toEqual(expect.arrayContaining(['CONSOLE_PORT', 'PROMETHEUS_PORT']));
    for (const name of ports) {
      expect(exampleEnv, name).toHaveProperty(name);
      expect(readme, `README mentions ${name}`).toContain(name);
    }
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const services = doc.services as Record<string, { ports?: unknown[] }>;
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => [name, String(port)] as const),
    );
    expect(published.length).toBeGreaterThan(5);
    for (const [name, port] of published)
      expect(`${name} ${port}`).toMatch(/ 127\.0\.0\.1:\d+:\d+$/);
  });

  it('fails the schema when broken on purpose', () => {
    const broken = composeText
      .replace(
        '    <<: *restart\n    environment:\n      KAFKA_NODE_ID',
        '    restrat: always\n    environment:\n      KAFKA_NODE_ID',
      )
      .replace("      - '127.0.0.1:${CONSOLE_PORT:-3000}:3000'", '      - { published: [3000] }');
    const errors = schemaErrors(loadCompose(broken, exampleEnv), schema);
    expect(errors.join('\n')).toMatch(/additional properties/);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('fails the reference checks when broken on purpose', () => {
    const broken = composeText
      .replace(
        '      kafka:\n        condition: service_healthy\n\n  # ---- the Miaradia',
        '      kafak:\n        condition: service_healthy\n\n  # ---- the Miaradia',
      )
      .replace('./deploy/jaeger/config.yaml', './deploy/jaeger/missing.yaml')
      .replace('      - kafka-data:/var/lib/kafka/data', '      - kafka-date:/var/lib/kafka/data');
    const errors = referenceErrors(loadCompose(broken, exampleEnv), repoRoot).join('\n');
    expect(errors).toMatch(/unknown service "kafak"/);
    expect(errors).toMatch(/missing\.yaml, which does not exist/);
    expect(errors).toMatch(/volume "kafka-date"/);
  });
});

describe('Prometheus as compose renders it', () => {
  function render(src: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-prom-'));
    mkdirSync(path.join(dir, 'targets'));
    const rendered = run('sh', ['deploy/compose/prometheus-entrypoint.sh', '--render-only'], {
      SW_PROMETHEUS_SRC: src,
      SW_PROMETHEUS_TARGETS: path.join(dir, 'targets'),
      SW_PROMETHEUS_RENDERED: path.join(dir, 'out'),
      ALERTMANAGER_TARGET: 'alertmanager:9093',
      CONSOLE_PUBLIC_URL: 'https://sparkwatch.example.com',
    });
    expect(rendered.code, rendered.out).toBe(0);
    return path.join(dir, 'out', 'prometheus.yml');
  }

  it('passes promtool check config, pointing at compose hosts', () => {
    const file = render(path.join(repoRoot, 'deploy/prometheus'));
    const check = run('promtool', ['check', 'config', file]);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('SUCCESS: 1 rule files found');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("targets: ['alertmanager:9093']");
    expect(text).toContain('console_url: https://sparkwatch.example.com');
    expect(text).not.toContain('127.0.0.1:9093');
  });

  it('fails promtool when the config is broken on purpose', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'sw-prom-src-'));
    writeFileSync(
      path.join(src, 'prometheus.yml'),
      read('deploy/prometheus/prometheus.yml').replace('action: drop', 'action: dorp'),
    );
    execFileSync('ln', [
      '-s',
      path.join(repoRoot, 'deploy/prometheus/rules'),
      path.join(src, 'rules'),
    ]);
    const check = run('promtool', ['check', 'config', render(src)]);
    expect(check.code).not.toBe(0);
    expect(check.out).toMatch(/dorp/);
  });
});

describe('Alertmanager as compose renders it', () => {
  const env = {
    ...exampleEnv,
    CONSOLE_WEBHOOK_URL: 'http://console:3000/api/alerts/webhook',
  } as Record<string, string>;
  function render(vars: Record<string, string>, src = path.join(repoRoot, 'deploy/alertmanager')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-am-'));
    const result = run('sh', ['deploy/compose/alertmanager-entrypoint.sh', '--render-only'], {
      ...vars,
      SW_ALERTMANAGER_SRC: src,
      SW_ALERTMANAGER_RENDERED: dir,
    });
    return { ...result, file: path.join(dir, 'alertmanager.yml') };
  }

  it('fills the receivers from the environment and passes amtool check-config', () => {
    const rendered = render({ ...env, SLACK_CHANNEL: "#it's-on-fire" });
    expect(rendered.code, rendered.out).toBe(0);
    const text = readFileSync(rendered.file, 'utf8');
    const body = text.replace(/^\s*#.*$/gm, '');
    expect(body).not.toMatch(/\$\{[A-Z_]+\}/);
    expect(text).toContain(`routing_key: '${env.PAGERDUTY_ROUTING_KEY}'`);
    expect(text).toContain("channel: '#it''s-on-fire'");
    const check = run('amtool', ['check-config', rendered.file]);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toMatch(/4 receivers/);
    expect(check.out).toMatch(/1 templates/);
    // The console's receiver sends the token, from a file only the owner reads.
    expect(body).toMatch(/credentials_file: webhook-token/);
    const token = path.join(path.dirname(rendered.file), 'webhook-token');
    expect(readFileSync(token, 'utf8')).toBe(env.ALERTS_WEBHOOK_TOKEN);
    expect(statSync(token).mode & 0o077).toBe(0);
  });

  it('refuses to start without the webhook token', () => {
    const rendered = render({ ...env, ALERTS_WEBHOOK_TOKEN: '' });
    expect(rendered.code).not.toBe(0);
    expect(rendered.out).toContain('ALERTS_WEBHOOK_TOKEN is not set');
  });

  it('renders the notification templates with amtool', () => {
    const data = path.join(mkdtempSync(path.join(tmpdir(), 'sw-am-data-')), 'data.json');
    const alert = {
      status: 'firing',
      labels: {
        alertname: 'StreamingNoInput',
        app_id: 'app-20261125033913-0000',
        app_name: 'miaradia-streaming',
        query: 'avg_price_per_city',
        severity: 'critical',
      },
      annotations: {
        summary: 'No input for 5 minutes',
        description: 'Input rate 0',
        console_url: 'http://localhost:3000/incident?appId=app-20261125033913-0000',
      },
      startsAt: '2026-11-25T05:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: 'a1b2c3d4e5f60718',
    };
    writeFileSync(
      data,
      JSON.stringify({
        receiver: 'slack',
        status: 'firing',
        alerts: [alert],
        groupLabels: { alertname: 'StreamingNoInput' },
        commonLabels: alert.labels,
        commonAnnotations: alert.annotations,
        externalURL: 'http://localhost:9093',
      }),
    );
    const render = (name: string) =>
      run('amtool', [
        'template',
        'render',
        `--template.glob=${path.join(repoRoot, 'deploy/alertmanager/templates/*.tmpl')}`,
        `--template.data=${data}`,
        `--template.text={{ template "${name}" . }}`,
      ]);
    const title = render('sparkwatch.title');
    expect(title.code, title.out).toBe(0);
    expect(title.out.trim()).toBe(
      '[FIRING:1] StreamingNoInput — miaradia-streaming / avg_price_per_city',
    );
    const link = render('sparkwatch.console_url');
    expect(link.out.trim()).toBe(alert.annotations.console_url);
    const slack = render('sparkwatch.slack.text');
    expect(slack.out).toContain(`<${alert.annotations.console_url}|Investigate in Sparkwatch>`);
  });

  it('refuses to start with a required setting missing', () => {
    const rest = { ...env };
    delete rest.PAGERDUTY_ROUTING_KEY;
    const rendered = render(rest);
    expect(rendered.code).not.toBe(0);
    expect(rendered.out).toContain('PAGERDUTY_ROUTING_KEY is not set');
  });

  it('fails amtool when the config is broken on purpose', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'sw-am-src-'));
    writeFileSync(
      path.join(src, 'alertmanager.compose.yml'),
      read('deploy/alertmanager/alertmanager.compose.yml').replace(
        '    - receiver: slack\n',
        '    - receiver: slak\n',
      ),
    );
    execFileSync('ln', [
      '-s',
      path.join(repoRoot, 'deploy/alertmanager/templates'),
      path.join(src, 'templates'),
    ]);
    const rendered = render(env, src);
    expect(rendered.code, rendered.out).toBe(0);
    const check = run('amtool', ['check-config', rendered.file]);
    expect(check.code).not.toBe(0);
    expect(check.out).toMatch(/slak/);
  });
});

describe('rides producer', () => {
  it('writes rides in the Miaradia job schema', () => {
    const out = run('sh', ['deploy/kafka/produce-rides.sh', '--print'], { RIDES_PER_SECOND: '25' });
    expect(out.code, out.out).toBe(0);
    const cities = /CITIES = \[(.+)\]/.exec(read('deploy/spark/miaradia.py'))![1]!;
    const lines = out.out.trim().split('\n');
    expect(lines).toHaveLength(25);
    for (const line of lines) {
      const ride = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(ride).sort()).toEqual(['city', 'distance_km', 'event_time', 'price']);
      expect(cities).toContain(`"${String(ride.city)}"`);
      expect(ride.distance_km).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(Date.parse(String(ride.event_time)))).toBe(false);
    }
  });
});
