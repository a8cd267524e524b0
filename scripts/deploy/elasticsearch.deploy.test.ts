/**
 * What deploy/compose/es-init.sh installs in Elasticsearch (run with SW_ES_INIT_DRY_RUN, which
 * prints each request): the ILM policy with the configured retention, the mappings as a
 * component template, the daily-index and data stream templates, the dead-letter template and
 * the ingest pipeline. The local Elasticsearch has no ILM or data streams, so the requests are
 * checked structurally; the shapes are those of the Elasticsearch 8.19 API.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './tools';

const dir = path.join(repoRoot, 'deploy/elasticsearch');
const read = (name: string) =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;

function esInit(env: Record<string, string> = {}) {
  const result = spawnSync('sh', [path.join(repoRoot, 'deploy/compose/es-init.sh')], {
    encoding: 'utf8',
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SW_ES_INIT_DRY_RUN: '1',
      SW_ELASTICSEARCH_DIR: dir,
      ...env,
    },
  });
  const requests = new Map<string, Record<string, unknown>>();
  for (const part of result.stdout.split('es-init: PUT ').slice(1)) {
    const newline = part.indexOf('\n');
    const body = part.slice(newline + 1).replace(/es-init: done\s*$/, '');
    requests.set(part.slice(0, newline), JSON.parse(body) as Record<string, unknown>);
  }
  return { code: result.status, stderr: result.stderr, requests };
}

describe('es-init.sh (docker compose)', () => {
  it('installs ILM, the templates, the dead-letter template and the ingest pipeline', () => {
    const { code, requests } = esInit();
    expect(code).toBe(0);
    expect([...requests.keys()]).toEqual([
      '_ilm/policy/spark-logs',
      '_ingest/pipeline/spark-logs',
      '_component_template/spark-logs-mappings',
      '_index_template/spark-logs',
      '_index_template/spark-logs-fluentbit',
      '_index_template/sparkwatch-logs-deadletter',
    ]);
    expect(requests.get('_ilm/policy/spark-logs')).toMatchObject({
      policy: {
        phases: {
          hot: { actions: { rollover: { max_age: '1d' } } },
          delete: { min_age: '7d', actions: { delete: {} } },
        },
      },
    });
    // The component template is the daily-index template's mappings, nothing more or less.
    expect(requests.get('_component_template/spark-logs-mappings')).toEqual({
      template: read('index-template.json').template,
    });
    const stream = requests.get('_index_template/spark-logs-fluentbit')!;
    expect(stream).toMatchObject({
      index_patterns: ['spark-logs-fluentbit*'],
      data_stream: {},
      composed_of: ['spark-logs-mappings'],
      template: {
        settings: { 'index.lifecycle.name': 'spark-logs' },
        data_stream_options: { failure_store: { enabled: true } },
      },
    });
    // Wins over the daily-index template, whose pattern also matches the data stream.
    expect(Number(stream.priority)).toBeGreaterThan(Number(read('index-template.json').priority));
    // Fluent Bit writes the data stream the template makes; the console reads it as spark-logs-*.
    const fluentBit = readFileSync(
      path.join(repoRoot, 'deploy/fluent-bit/fluent-bit.yaml'),
      'utf8',
    );
    expect(fluentBit).toMatch(/^\s+index: spark-logs-fluentbit$/m);
  });

  it('takes the retention from SPARK_LOGS_RETENTION, and refuses one that is not a duration', () => {
    expect(
      esInit({ SPARK_LOGS_RETENTION: '30d' }).requests.get('_ilm/policy/spark-logs'),
    ).toMatchObject({
      policy: { phases: { delete: { min_age: '30d' } } },
    });
    for (const bad of ['7', 'd', 'x7d', '7dd', '7 d']) {
      const { code, stderr, requests } = esInit({ SPARK_LOGS_RETENTION: bad });
      expect(code, bad).toBe(2);
      expect(stderr).toMatch(/SPARK_LOGS_RETENTION/);
      expect(requests.size).toBe(0);
    }
  });

  describe('with the elastic password (compose: security on)', () => {
    const secrets = {
      ELASTICSEARCH_PASSWORD: 'elastic-pw',
      FLUENT_BIT_ES_PASSWORD: 'shipper-pw',
      GRAFANA_ES_PASSWORD: 'grafana-pw',
      KIBANA_SYSTEM_PASSWORD: 'kibana-pw',
    };
    type Role = {
      cluster?: string[];
      indices: { names: string[]; privileges: string[] }[];
    };
    const indices = (role: unknown) =>
      Object.fromEntries((role as Role).indices.map((i) => [i.names.join(','), i.privileges]));

    it('makes each client an account that may do its job and nothing more', () => {
      const { code, requests } = esInit(secrets);
      expect(code).toBe(0);
      expect(indices(requests.get('_security/role/sparkwatch-console'))).toEqual({
        'spark-logs-*': ['read', 'view_index_metadata'],
        'sparkwatch-*': ['read', 'write', 'create_index', 'view_index_metadata'],
      });
      expect(indices(requests.get('_security/role/sparkwatch-shipper'))).toEqual({
        'spark-logs-fluentbit*': [
          'create_doc',
          'create_index',
          'auto_configure',
          'view_index_metadata',
        ],
      });
      expect(indices(requests.get('_security/role/sparkwatch-reader'))).toEqual({
        'spark-logs-*': ['read', 'view_index_metadata'],
      });
      expect(requests.get('_security/user/sparkwatch_shipper')).toEqual({
        password: 'shipper-pw',
        roles: ['sparkwatch-shipper'],
      });
      expect(requests.get('_security/user/sparkwatch_grafana')).toEqual({
        password: 'grafana-pw',
        roles: ['sparkwatch-reader'],
      });
      expect(requests.get('_security/user/kibana_system/_password')).toEqual({
        password: 'kibana-pw',
      });
      // The console's API key carries exactly the console's role.
      expect(requests.get('_security/api_key')).toEqual({
        name: 'sparkwatch-console',
        role_descriptors: {
          'sparkwatch-console': requests.get('_security/role/sparkwatch-console'),
        },
      });
    });

    it('refuses to run without every password, or with one that would break its JSON', () => {
      for (const name of Object.keys(secrets)) {
        const { code, stderr } = esInit({
          ...secrets,
          [name]: name === 'ELASTICSEARCH_PASSWORD' ? 'x"y' : '',
        });
        expect(code, name).toBe(1);
        expect(stderr).toContain(name);
      }
    });

    it('makes no account without it (an Elasticsearch without security)', () => {
      expect([...esInit().requests.keys()].filter((k) => k.startsWith('_security'))).toEqual([]);
    });
  });
});
