import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The real Spark 4 job for a few minutes against the local stack — reading rides from a real Kafka
// 4.1 broker and writing a Delta Lake table, as in docker compose — then the walk an operator
// makes: metrics by app id → log lines with app and trace ids → the trace of such a line.
const PROM = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const JAEGER = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686';
const MINUTES = process.env.SPARK_DEMO_MINUTES ?? '3';

const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(url, init);
  expect(response.ok, `${url} → ${response.status}`).toBe(true);
  return (await response.json()) as T;
};

describe('[slow] the real Miaradia job on the local stack', () => {
  it(
    'lands metrics, logs and traces under its real app id, joined by trace id',
    { timeout: 900_000 },
    async () => {
      execFileSync('bash', ['scripts/spark-demo.sh', '--minutes', MINUTES, '--kafka'], {
        stdio: 'inherit',
        timeout: 840_000,
      });
      const run = readFileSync('.stack/spark/last-run', 'utf8').trim();
      const appId = readFileSync(`${run}/app-id`, 'utf8').trim();
      expect(appId).toMatch(/^app-\d{14}-\d{4}$/);

      // The source was the Kafka topic and the sink a Delta table with committed versions.
      expect(readFileSync(`${run}/driver.log`, 'utf8')).toContain('KafkaV2[Subscribe[rides]]');
      expect(existsSync(`${run}/out/_delta_log/00000000000000000000.json`)).toBe(true);
      expect(
        readdirSync(`${run}/out/_delta_log`).filter((f) => f.endsWith('.json')).length,
      ).toBeGreaterThan(3);

      // Prometheus: the relabelled streaming series and executor series carry the real app id.
      const q = (query: string) =>
        json<{ data: { result: { metric: Record<string, string> }[] } }>(
          `${PROM}/api/v1/query?${new URLSearchParams({ query })}`,
        );
      const input = await q(`last_over_time(spark_streaming_input_rate{app_id="${appId}"}[15m])`);
      expect(input.data.result[0]?.metric).toMatchObject({
        app_name: 'miaradia-streaming',
        query: 'avg_price_per_city',
      });
      const executors = await q(
        `last_over_time(metrics_executor_totalCores{app_id="${appId}"}[15m])`,
      );
      expect(executors.data.result.map((r) => r.metric.executor_id).sort()).toEqual([
        '0',
        '1',
        'driver',
      ]);

      // Elasticsearch: JSON log lines with appId, and executor task lines with traceId.
      const search = (query: object, size = 1) =>
        json<{ hits: { total: { value: number }; hits: { _source: Record<string, string> }[] } }>(
          `${ES}/spark-logs-*/_search`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ size, query, sort: [{ '@timestamp': 'desc' }] }),
          },
        );
      const all = await search({ term: { appId } });
      expect(all.hits.total.value).toBeGreaterThan(100);
      const traced = await search(
        {
          bool: {
            filter: [
              { term: { appId } },
              { exists: { field: 'traceId' } },
              { exists: { field: 'stageId' } },
            ],
          },
        },
        200,
      );
      // The batch in flight when the job stops never reports progress, so it has task logs but no
      // trace: take a line of an earlier, completed batch.
      const lines = traced.hits.hits.map((h) => h._source);
      const newestBatch = Math.max(...lines.map((l) => Number(l.batchId)));
      const line = lines.find((l) => Number(l.batchId) < newestBatch);
      expect(line?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(line?.executorId).toMatch(/^\d+$/);

      // Jaeger: batch traces with the same app id; the log line's trace opens and holds its stage.
      const traces = await json<{ data: unknown[] }>(
        `${JAEGER}/api/traces?${new URLSearchParams({ service: 'miaradia-streaming', tags: JSON.stringify({ 'spark.app.id': appId }), lookback: '1h', limit: '1000' })}`,
      );
      expect(traces.data.length).toBeGreaterThan(5);
      const trace = await json<{
        result: {
          resourceSpans: {
            scopeSpans: {
              spans: {
                name: string;
                attributes: { key: string; value: { stringValue?: string } }[];
              }[];
            }[];
          }[];
        };
      }>(`${JAEGER}/api/v3/traces/${line?.traceId}`);
      const spans = trace.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      const attr = (s: (typeof spans)[number], k: string) =>
        s.attributes.find((a) => a.key === k)?.value.stringValue;
      expect(spans.every((s) => attr(s, 'spark.app.id') === appId)).toBe(true);
      expect(spans.some((s) => attr(s, 'spark.stage.id') === line?.stageId)).toBe(true);
      expect(spans.some((s) => s.name === `batch ${line?.batchId}`)).toBe(true);
    },
  );
});
