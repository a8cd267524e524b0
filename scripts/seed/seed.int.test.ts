import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs after `npm run seed` (scripts/test.sh); reads what the seed wrote from the real backends.
const PROM = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const AM = process.env.ALERTMANAGER_URL ?? 'http://127.0.0.1:9093';
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const JAEGER = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686';

interface Scenario {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
  incident: { executorLostAt: number; inputStoppedAt: number; lostExecutorId: string };
  traces: { spikeBatch: string };
}
let sc: Scenario;

const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(url, init);
  expect(response.ok, `${url} → ${response.status}`).toBe(true);
  return (await response.json()) as T;
};

async function counts() {
  const logs = await json<{ count: number }>(`${ES}/spark-logs-*/_count`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: { term: { appId: sc.streaming.appId } } }),
  });
  const params = new URLSearchParams({
    service: sc.streaming.appName,
    tags: JSON.stringify({ 'spark.app.id': sc.streaming.appId }),
    start: String((sc.window.from - 60_000) * 1000),
    end: String((sc.window.to + 60_000) * 1000),
    limit: '2000',
  });
  const traces = await json<{ data: unknown[] }>(`${JAEGER}/api/traces?${params}`);
  const q = encodeURIComponent(
    `count_over_time(spark_streaming_input_rate{app_id="${sc.streaming.appId}"}[3h])`,
  );
  const samples = await json<{ data: { result: { value: [number, string] }[] } }>(
    `${PROM}/api/v1/query?query=${q}&time=${sc.window.to / 1000}`,
  );
  return {
    logs: logs.count,
    traces: traces.data.length,
    samples: Number(samples.data.result[0]?.value[1] ?? 0),
  };
}

beforeAll(() => {
  sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as Scenario;
});

describe('the seeded incident in the real backends', () => {
  it('Alertmanager lists StreamingNoInput active for the Miaradia app', async () => {
    const filter = new URLSearchParams([
      ['filter', 'alertname="StreamingNoInput"'],
      ['filter', `app_id="${sc.streaming.appId}"`],
    ]);
    const alerts = await json<
      {
        labels: Record<string, string>;
        status: { state: string };
        annotations: Record<string, string>;
      }[]
    >(`${AM}/api/v2/alerts?${filter}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.status.state).toBe('active');
    expect(alerts[0]?.labels.app_name).toBe('miaradia-streaming');
    expect(alerts[0]?.annotations.console_url).toContain(
      `/incident?appId=${sc.streaming.appId}&from=`,
    );
  });

  it('Prometheus holds the input rate dropping to zero in the incident window', async () => {
    const q = encodeURIComponent(`spark_streaming_input_rate{app_id="${sc.streaming.appId}"}`);
    const range = await json<{ data: { result: { values: [number, string][] }[] } }>(
      `${PROM}/api/v1/query_range?query=${q}&start=${(sc.incident.executorLostAt - 600_000) / 1000}&end=${sc.window.to / 1000}&step=15`,
    );
    const values =
      range.data.result[0]?.values.map(([t, v]) => [t * 1000, Number(v)] as const) ?? [];
    expect(values.filter(([t]) => t < sc.incident.inputStoppedAt).every(([, v]) => v > 0)).toBe(
      true,
    );
    expect(
      values.filter(([t]) => t >= sc.incident.inputStoppedAt + 15_000).every(([, v]) => v === 0),
    ).toBe(true);
  });

  it('Elasticsearch holds the executor-lost line with the app and executor ids', async () => {
    const hits = await json<{ hits: { hits: { _source: Record<string, string> }[] } }>(
      `${ES}/spark-logs-*/_search`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: {
            bool: {
              filter: [
                { term: { appId: sc.streaming.appId } },
                { term: { level: 'ERROR' } },
                { term: { executorId: sc.incident.lostExecutorId } },
                { match_phrase: { message: 'Lost executor' } },
              ],
            },
          },
        }),
      },
    );
    expect(hits.hits.hits).toHaveLength(1);
    expect(hits.hits.hits[0]?._source['@timestamp']).toBe(
      new Date(sc.incident.executorLostAt).toISOString(),
    );
  });

  it('Jaeger returns the trace of the batch that lost the executor, with the same app id', async () => {
    const trace = await json<{
      data: { spans: { operationName: string; tags: { key: string; value: unknown }[] }[] }[];
    }>(`${JAEGER}/api/traces/${sc.traces.spikeBatch}`);
    const spans = trace.data[0]?.spans ?? [];
    const names = spans.map((s) => s.operationName);
    expect(names).toContain('addBatch');
    expect(names.some((n) => /^batch \d+$/.test(n))).toBe(true);
    expect(names.some((n) => /^job \d+$/.test(n))).toBe(true);
    expect(names.filter((n) => /^stage \d+/.test(n))).toHaveLength(2);
    expect(
      spans.every((s) =>
        s.tags.some((t) => t.key === 'spark.app.id' && t.value === sc.streaming.appId),
      ),
    ).toBe(true);
  });

  it('a second seed leaves every count equal', async () => {
    const before = await counts();
    expect(before.logs).toBeGreaterThan(1_000);
    expect(before.traces).toBeGreaterThan(100);
    execFileSync('npx', ['tsx', 'scripts/seed/main.ts'], { stdio: 'inherit', timeout: 300_000 });
    const after = await counts();
    expect(after.logs).toBe(before.logs);
    expect(after.traces).toBe(before.traces);
    // Samples keep arriving from the live exporter; the history itself must not double.
    expect(after.samples).toBeLessThan(before.samples * 1.2);
  }, 360_000);
});
