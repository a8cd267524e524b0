import 'server-only';
import type { Correlated, Coverage, CoverageSignal, TimeWindow } from '@/lib/domain/types';
import { logCoverage, type LogCoverage } from '@/lib/sources/elasticsearch/coverage';
import { findTraceSummaries } from '@/lib/sources/jaeger/traces';
import { labelSelector } from '@/lib/sources/prometheus/promql';
import { instantQuery } from '@/lib/sources/prometheus/queries';
import { getApplication } from '@/lib/sources/spark/applications';
import { historyServer } from '@/lib/sources/spark/client';
import { getConfig } from '@/lib/config';
import { UpstreamError } from '@/lib/http/errors';
import type { SparkApplication } from '@/lib/domain/spark';
import { fanOut } from './fan-out';
import { getMapping, mapped } from './mapping';
import { serviceOfApp } from './services';

const PLUGIN = [
  'spark.plugins=io.sparkwatch.spark.SparkwatchPlugin',
  'spark.jars=<sparkwatch-spark-plugin.jar> (and spark.driver.extraClassPath / spark.executor.extraClassPath)',
];
const FIX = {
  driverMetrics: [
    'spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet',
    'spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus',
    'spark.metrics.namespace=<app name> (stable metric names across runs)',
    'a scrape target for the driver UI port (the plugin registers one; Kubernetes: the PodMonitors)',
  ],
  executorMetrics: ['spark.ui.prometheus.enabled=true (the default in Spark 4.0)'],
  streamingMetrics: ['spark.sql.streaming.metricsEnabled=true (streaming queries only)'],
  logs: [
    'spark.log.structuredLogging.enabled=true (JSON lines)',
    'a shipper for the driver and executor log files (Fluent Bit with deploy/fluent-bit/, or scripts/shipper)',
  ],
  logIds: PLUGIN,
  traces: [...PLUGIN, 'spark.sparkwatch.otlp.endpoint=http://<collector>:4318'],
  sparkRecord: [
    'spark.eventLog.enabled=true',
    "spark.eventLog.dir=<the History Server's spark.history.fs.logDirectory>",
    'SPARK_HISTORY_URL=<that History Server> (the console)',
  ],
} satisfies Record<CoverageSignal['id'], string[]>;

// The relabelled names of the shipped Prometheus config (README, "What the console reads").
const isDriver = (name: string) => name.startsWith('spark_driver_');
const isExecutor = (name: string) => name.startsWith('metrics_executor_');
const isStreaming = (name: string) => name.startsWith('spark_streaming_');

const percent = (part: number, whole: number) =>
  whole ? `${Math.round((1000 * part) / whole) / 10} %` : '—';

function item(
  id: CoverageSignal['id'],
  title: string,
  state: CoverageSignal['state'],
  detail: string,
): CoverageSignal {
  return { id, title, state, detail, ...(state === 'seen' ? {} : { fix: FIX[id] }) };
}

function metricSignals(names: string[] | null): CoverageSignal[] {
  if (!names) {
    const detail = 'Prometheus did not answer';
    return [
      item('driverMetrics', 'Driver metrics', 'unknown', detail),
      item('executorMetrics', 'Executor metrics', 'unknown', detail),
      item('streamingMetrics', 'Streaming metrics', 'unknown', detail),
    ];
  }
  const of = (test: (n: string) => boolean, title: string, id: CoverageSignal['id']) => {
    const found = names.filter(test);
    return item(
      id,
      title,
      found.length ? 'seen' : 'missing',
      found.length ? `${found.length} series names, e.g. ${found[0]}` : 'no series of this app',
    );
  };
  return [
    of(isDriver, 'Driver metrics', 'driverMetrics'),
    of(isExecutor, 'Executor metrics', 'executorMetrics'),
    of(isStreaming, 'Streaming metrics', 'streamingMetrics'),
  ];
}

function logSignals(logs: LogCoverage | null): CoverageSignal[] {
  if (!logs) {
    const detail = 'Elasticsearch did not answer';
    return [
      item('logs', 'Logs', 'unknown', detail),
      item('logIds', 'Ids on log lines', 'unknown', detail),
    ];
  }
  const attributed = logs.taskLines > 0 && logs.withTraceId > 0;
  return [
    item(
      'logs',
      'Logs',
      logs.lines ? 'seen' : 'missing',
      logs.lines ? `${logs.lines} lines carry the app id` : 'no line carries the app id',
    ),
    item(
      'logIds',
      'Ids on log lines',
      attributed ? 'seen' : 'missing',
      `task lines with a stage: ${percent(logs.taskLinesWithStage, logs.taskLines)} of ${logs.taskLines}; lines with a trace id: ${percent(logs.withTraceId, logs.lines)}`,
    ),
  ];
}

/**
 * Which signals the console sees for one app in a window, and for each missing one the Spark
 * configuration that supplies it: what a team attaching its own app needs to know.
 */
export async function appCoverage(
  appId: string,
  window: TimeWindow,
  signal: AbortSignal,
  appName?: string,
): Promise<Correlated<Coverage>> {
  const seconds = Math.max(1, Math.ceil((window.to - window.from) / 1000));
  const matchers = { [getMapping().prometheus.appIdLabel]: appId };
  const { data, sources } = await fanOut(
    {
      prometheus: async (s) => {
        const query = `count by (__name__) (last_over_time(${labelSelector(matchers)}[${seconds}s]))`;
        const answer = await instantQuery(query, window.to, { signal: s });
        return {
          value: answer.value.map((sample) => sample.labels.__name__ ?? '').filter(Boolean),
          warnings: answer.warnings,
        };
      },
      elasticsearch: (s) => logCoverage(appId, window, mapped(s)),
      // One search of the app's service, so a Jaeger failure keeps its own kind and reason.
      jaeger: async (s) => {
        const service = await serviceOfApp(appId, window, s, appName);
        if (!service) return 0;
        const tags = { [getMapping().spanAttributes.appId]: appId };
        return (await findTraceSummaries({ service, tags, ...window, limit: 1 }, mapped(s))).length;
      },
      // Spark's own record of the app, whatever the window: what a finished app still has.
      spark: async (s): Promise<{ application?: SparkApplication }> => {
        try {
          return { application: await getApplication(historyServer(), appId, { signal: s }) };
        } catch (error) {
          if (error instanceof UpstreamError && error.status === 404) return {};
          throw error;
        }
      },
    },
    signal,
  );
  const traces =
    data.jaeger === null
      ? item('traces', 'Traces', 'unknown', 'Jaeger did not answer')
      : item(
          'traces',
          'Traces',
          data.jaeger ? 'seen' : 'missing',
          data.jaeger ? 'spans carry the app id' : 'no span carries the app id',
        );
  const signals = [
    ...metricSignals(data.prometheus),
    ...logSignals(data.elasticsearch),
    traces,
    sparkRecordSignal(data.spark),
  ];
  return {
    data: { appId, window, signals: withAgeHints(signals, data.spark?.application) },
    sources,
  };
}

function sparkRecordSignal(spark: { application?: SparkApplication } | null): CoverageSignal {
  if (!spark)
    return item('sparkRecord', "Spark's record", 'unknown', 'the History Server did not answer');
  const a = spark.application?.attempts[0];
  return a
    ? item(
        'sparkRecord',
        "Spark's record",
        'seen',
        `the History Server holds the ${a.completed ? 'finished' : 'running'} app: jobs, stages, SQL, environment`,
      )
    : item('sparkRecord', "Spark's record", 'missing', 'the History Server does not list the app');
}

/** Where each backend drops old data: what "missing" may mean for an app that ended long ago. */
const AGED_OUT: Partial<Record<CoverageSignal['id'], () => string>> = {
  driverMetrics: () => 'Prometheus keeps samples for its retention (--storage.tsdb.retention.time)',
  executorMetrics: () =>
    'Prometheus keeps samples for its retention (--storage.tsdb.retention.time)',
  logs: () =>
    `none in ${getConfig().elasticsearch.logIndex} for this app: aged out of the index's retention?`,
  traces: () => "Jaeger keeps traces for its storage's retention (in memory: max_traces)",
};

/**
 * A finished app that the History Server still holds: each missing signal says that it may have
 * aged out of its backend, and since when the app is over.
 */
function withAgeHints(
  signals: CoverageSignal[],
  app: SparkApplication | undefined,
): CoverageSignal[] {
  const a = app?.attempts[0];
  if (!a?.completed || !a.end) return signals;
  const ended = new Date(a.end).toISOString();
  return signals.map((s) => {
    const hint = AGED_OUT[s.id];
    return s.state === 'missing' && hint
      ? { ...s, detail: `${s.detail} — the app ended ${ended}; ${hint()}` }
      : s;
  });
}
