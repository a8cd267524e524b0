import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './lib/serve';
import {
  type JaegerSpan,
  type LogLine,
  type SparkEnv,
  appIdOf,
  executorLines,
  jaegerTraces,
  jsonLogConfs,
  metricsConfs,
  parentOf,
  readJsonLog,
  spanAttr,
  sparkEnv,
  sparkwatchConfs,
  submit,
} from './lib/spark-run';

// The real Spark 4 job for a few minutes against the local stack — reading rides from a real Kafka
// 4.1 broker and writing a Delta Lake table, as in docker compose — then the walk an operator
// makes: metrics by app id → log lines with app and trace ids → the trace of such a line; then the
// revenue-nightly batch job that spark:demo runs twice after it, traced by the plugin alone.
const PROM = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const JAEGER = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686';
const MINUTES = process.env.SPARK_DEMO_MINUTES ?? '3';
const STACK = process.env.SW_STACK_DIR || '.stack';
const OTLP_HTTP = `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT || '4318'}`;
// Where the stack's Prometheus discovers Spark drivers (file_sd).
const TARGETS = process.env.SW_PROM_TARGETS_DIR || `${STACK}/prometheus/targets`;

interface JaegerTraceJson {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(url, init);
  expect(response.ok, `${url} → ${response.status}`).toBe(true);
  return (await response.json()) as T;
};

describe('[slow] the real Miaradia job on the local stack', () => {
  it(
    'lands metrics, logs and traces under its real app id, joined by trace id',
    { timeout: 1_260_000 },
    async () => {
      execFileSync('bash', ['scripts/spark-demo.sh', '--minutes', MINUTES, '--kafka'], {
        stdio: 'inherit',
        // Two revenue-nightly runs follow the streaming job, minutes each on a loaded machine.
        timeout: 1_200_000,
      });
      const run = readFileSync(`${STACK}/spark/last-run`, 'utf8').trim();
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
        2000,
      );
      // The batch in flight when the job stops never reports progress, so it has task logs but no
      // trace: take a line of an earlier, completed batch (with the plugin every task line carries
      // its trace, so the newest hundreds of lines can all be of the last batch).
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

      // The OpenTelemetry Java agent on the driver (optional, on in spark:demo): its own spans —
      // the driver UI's HTTP server spans at least, Prometheus scrapes it — under a service of its
      // own that names the app in its resource.
      const agent = await json<{ data: JaegerTraceJson[] }>(
        `${JAEGER}/api/traces?${new URLSearchParams({ service: 'miaradia-streaming-agent', lookback: '1h', limit: '50' })}`,
      );
      const agentSpans = agent.data.flatMap((t) => t.spans);
      expect(agentSpans.some((s) => /^GET \//.test(s.operationName))).toBe(true);
      const agentProcess = Object.values(agent.data[0]?.processes ?? {})[0];
      expect(agentProcess?.tags).toContainEqual(
        expect.objectContaining({ key: 'spark.app.name', value: 'miaradia-streaming' }),
      );

      // revenue-nightly: its SQL executions as traces (execution → jobs → stages) with the stage
      // totals, and its event log for the History Server.
      const revenueApp = readFileSync(`${run}/revenue/app-id`, 'utf8').trim();
      expect(revenueApp).toMatch(/^app-\d{14}-\d{4}$/);
      // Spark 4 rolls event logs by default: a directory eventlog_v2_<app id>.
      expect(readdirSync(`${STACK}/spark/events`)).toContain(`eventlog_v2_${revenueApp}`);
      const revenue = (await jaegerTraces(JAEGER, 'revenue-nightly', revenueApp)).flatMap(
        (t) => t.spans,
      );
      const stages = revenue.filter((s) => spanAttr(s, 'spark.stage.id') !== undefined);
      expect(stages.length).toBeGreaterThan(2);
      expect(stages.some((s) => Number(spanAttr(s, 'spark.stage.shuffle.write.bytes')) > 0)).toBe(
        true,
      );
      expect(revenue.some((s) => s.operationName.startsWith('execution '))).toBe(true);
      expect(revenue.every((s) => spanAttr(s, 'spark.app.id') === revenueApp)).toBe(true);

      // Its second run, with another shuffle partitioning and a hot key, for the run-to-run
      // comparison (app/api/compare.int.test.ts and e2e/compare.spec.ts read both runs).
      const hotApp = readFileSync(`${run}/revenue-hot/app-id`, 'utf8').trim();
      expect(hotApp).toMatch(/^app-\d{14}-\d{4}$/);
      expect(hotApp).not.toBe(revenueApp);
      expect(readdirSync(`${STACK}/spark/events`)).toContain(`eventlog_v2_${hotApp}`);
      expect(readFileSync(`${run}/revenue-hot/spark-submit.log`, 'utf8')).toMatch(
        /revenue-nightly: app app-\d{14}-\d{4}, \d+ day x city rows/,
      );
    },
  );
});

// Lines Spark's executor writes with a task's name but not on the task's thread after the plugin's
// start hook: TaskRunner logs "Running task", "Updating epoch" and the fetches of new jars/files
// before Task.run calls the hook, and the executor's RPC thread names the task it is asked to kill.
const BEFORE_HOOK =
  /^(Running task |Updating epoch |Fetching |Fetched |Adding file:|Executor is trying to kill )/;

describe('[slow] any Spark app, attached by configuration only (the Sparkwatch plugin)', () => {
  let env: SparkEnv;
  beforeAll(() => {
    env = sparkEnv();
  });

  /** deploy/spark/examples/plain_app.py with the documented confs, in a fresh directory. */
  const plainApp = (o: { master: string; otlpEndpoint: string; args: string[] }) => {
    const dir = mkdtempSync(join(tmpdir(), 'sparkwatch-plain-'));
    const driverLog = join(dir, 'driver.log');
    const args = [
      ['--master', o.master, '--conf', 'spark.sql.shuffle.partitions=4'],
      sparkwatchConfs(env.jar, o.otlpEndpoint),
      metricsConfs({ namespace: 'plain_app', targetsDir: resolve(TARGETS) }),
      jsonLogConfs(driverLog),
      ['deploy/spark/examples/plain_app.py', '--output', join(dir, 'out'), ...o.args],
    ].flat();
    return { dir, driverLog, run: submit(env, args, join(dir, 'spark-submit.log')) };
  };

  it(
    'traces its batch job and micro-batches and puts task and trace ids on its task log lines',
    { timeout: 540_000 },
    async () => {
      const { driverLog, run } = plainApp({
        master: 'local-cluster[2,1,1024]',
        otlpEndpoint: OTLP_HTTP,
        args: ['--mode', 'both', '--seconds', '20'],
      });
      expect(run.status, run.output.slice(-2000)).toBe(0);
      const appId = appIdOf(driverLog) ?? '';
      expect(appId).toMatch(/^app-\d{14}-\d{4}$/);

      // Prometheus found the driver through the target the plugin registered: the executors'
      // series and the plugin's own export counter, under the app id.
      const prom = async (query: string) =>
        (
          await json<{
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          }>(`${PROM}/api/v1/query?${new URLSearchParams({ query })}`)
        ).data.result;
      const executors = await prom(
        `last_over_time(metrics_executor_totalCores{app_id="${appId}"}[15m])`,
      );
      expect(executors.map((r) => r.metric.executor_id).sort()).toEqual(['0', '1', 'driver']);
      const exported = await prom(
        `max_over_time(metrics_plain_app_driver_plugin_io_sparkwatch_spark_SparkwatchPlugin_spansExported_Value{app_id="${appId}"}[15m])`,
      );
      expect(Number(exported[0]?.value[1])).toBeGreaterThan(0);
      expect(existsSync(join(TARGETS, `${appId}.json`))).toBe(false);

      // Executor task lines: app, stage, task ids — the right ones — after the start hook.
      const taskLines = executorLines(env, appId).filter((l) => l.context?.task_name);
      const afterHook = taskLines.filter((l) => !BEFORE_HOOK.test(l.msg));
      const named = (l: LogLine) => {
        const c = l.context ?? {};
        return (
          c.appId === appId &&
          c.task_name!.endsWith(` in stage ${c.stageId}.${c.stageAttempt} (TID ${c.taskId})`)
        );
      };
      const share = (part: LogLine[], all: LogLine[]) => part.length / Math.max(all.length, 1);
      expect(afterHook.length).toBeGreaterThan(50);
      expect(share(afterHook.filter(named), afterHook)).toBeGreaterThanOrEqual(0.99);

      // Jaeger: one trace per SQL execution (execution → job → stage) and per micro-batch
      // (batch → job → stage), every span with the app's ids.
      let traces: Awaited<ReturnType<typeof jaegerTraces>> = [];
      for (let i = 0; i < 20 && traces.length < 3; i++) {
        traces = await jaegerTraces(JAEGER, 'plain-app', appId);
        if (traces.length < 3) await new Promise((r) => setTimeout(r, 500));
      }
      const spans = traces.flatMap((t) => t.spans);
      expect(spans.every((s) => spanAttr(s, 'spark.app.id') === appId)).toBe(true);
      expect(spans.every((s) => spanAttr(s, 'spark.app.name') === 'plain-app')).toBe(true);
      const chain = (root: JaegerSpan) => {
        const own = spans.filter((s) => s.traceID === root.traceID);
        const job = own.find((s) => parentOf(s) === root.spanID && spanAttr(s, 'spark.job.id'));
        const stage = own.find((s) => job && parentOf(s) === job.spanID);
        return { job, stage };
      };
      const execution = spans.find(
        (s) => s.operationName.startsWith('execution ') && chain(s).stage !== undefined,
      );
      expect(execution && spanAttr(execution, 'spark.sql.execution.id')).toMatch(/^\d+$/);
      const stage = execution && chain(execution).stage;
      expect(stage && spanAttr(stage, 'spark.stage.id')).toMatch(/^\d+$/);
      expect(stage && spanAttr(stage, 'spark.stage.attempt')).toBe('0');
      expect(stage && spanAttr(stage, 'spark.stage.completed_tasks')).toMatch(/^[1-9]\d*$/);
      const batches = spans.filter(
        (s) => s.operationName.startsWith('batch ') && chain(s).stage !== undefined,
      );
      expect(batches.length).toBeGreaterThan(0);
      const batch = batches[0]!;
      expect(spanAttr(batch, 'spark.streaming.query.name')).toBe('bucket_counts');
      expect(spanAttr(batch, 'spark.streaming.query.id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(batch.operationName).toBe(`batch ${spanAttr(batch, 'spark.streaming.batch.id')}`);
      expect(spanAttr(chain(batch).stage!, 'spark.streaming.batch.id')).toBe(
        spanAttr(batch, 'spark.streaming.batch.id'),
      );

      // The trace and span ids of task lines are those of their stage spans in Jaeger.
      const stageSpans = new Map(
        spans.filter((s) => spanAttr(s, 'spark.stage.id')).map((s) => [s.spanID, s]),
      );
      const joined = afterHook.filter((l) => {
        const span = stageSpans.get(l.context?.spanId ?? '');
        return (
          span?.traceID === l.context?.traceId &&
          spanAttr(span!, 'spark.stage.id') === l.context?.stageId
        );
      });
      console.log(
        `plain-app ${appId}: ${taskLines.length} executor task lines, ${afterHook.length} after the start hook; ` +
          `ids ${(100 * share(afterHook.filter(named), afterHook)).toFixed(1)} %, ` +
          `trace in Jaeger ${(100 * share(joined, afterHook)).toFixed(1)} % of those, ${(100 * share(joined, taskLines)).toFixed(1)} % of all task lines; ` +
          `${traces.length} traces, ${spans.length} spans`,
      );
      expect(share(joined, afterHook)).toBeGreaterThanOrEqual(0.99);
    },
  );

  it(
    'finishes normally with the collector unreachable and logs how many spans it dropped',
    { timeout: 420_000 },
    async () => {
      const closed = await freePort();
      const { dir, driverLog, run } = plainApp({
        master: 'local[2]',
        otlpEndpoint: `http://127.0.0.1:${closed}`,
        args: ['--mode', 'batch'],
      });
      expect(run.status, run.output.slice(-2000)).toBe(0);
      expect(existsSync(join(dir, 'out/totals/_SUCCESS'))).toBe(true);
      const report = readJsonLog(driverLog).find((l) =>
        /^Sparkwatch: \d+ spans dropped in all/.test(l.msg),
      );
      expect(report?.level).toBe('WARN');
      expect(Number(/(\d+) spans dropped/.exec(report?.msg ?? '')?.[1])).toBeGreaterThan(0);
      expect(report?.msg).toContain(`127.0.0.1:${closed}`);
    },
  );
});
