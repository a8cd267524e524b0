/**
 * Runs a PySpark app the way the README's "Connect your Spark app" tells a team to (the Sparkwatch
 * plugin, JSON logs, the OTLP endpoint: configuration only) and reads what it left behind: its log
 * files and its traces in Jaeger. Used by the integration test and bench:plugin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PLUGIN = 'io.sparkwatch.spark.SparkwatchPlugin';
const INJECTOR = '-Dlog4j2.contextDataInjector=io.sparkwatch.spark.AppIdContextDataInjector';

export interface SparkEnv {
  /** The pyspark virtualenv (scripts/lib/pyspark-venv.sh). */
  venv: string;
  /** The plugin jar in the cache (scripts/lib/build-plugin.sh). */
  jar: string;
  /** Where local-cluster workers run executors: <work>/<app id>/<executor id>/executor.log. */
  work: string;
}

/** Installs what is missing (once, cached) and locates it. */
export function sparkEnv(): SparkEnv {
  const sh = (script: string) =>
    execFileSync('bash', [join(ROOT, script)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  const venv = sh('scripts/lib/pyspark-venv.sh');
  const jar = sh('scripts/lib/build-plugin.sh');
  const work = execFileSync(
    join(venv, 'bin/python'),
    ['-c', 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "work"))'],
    { encoding: 'utf8' },
  ).trim();
  return { venv, jar, work };
}

/** The confs that attach Sparkwatch to any app (README: "Connect your Spark app", local). */
export function sparkwatchConfs(jar: string, otlpEndpoint: string): string[] {
  return [
    ['--jars', jar],
    ['--conf', `spark.driver.extraClassPath=${jar}`],
    ['--conf', `spark.executor.extraClassPath=${jar}`],
    ['--conf', `spark.plugins=${PLUGIN}`],
    ['--conf', `spark.sparkwatch.otlp.endpoint=${otlpEndpoint}`],
    ['--conf', `spark.driver.defaultJavaOptions=${INJECTOR}`],
    ['--conf', `spark.executor.defaultJavaOptions=${INJECTOR}`],
  ].flat();
}

/**
 * The driver's metrics (README: "Connect your Spark app", metrics): PrometheusServlet under a
 * stable namespace, executor and app-status metrics, and the driver registered as a file_sd target.
 */
export function metricsConfs(o: { namespace: string; targetsDir: string }): string[] {
  return [
    'spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet',
    'spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus',
    `spark.metrics.namespace=${o.namespace}`,
    'spark.ui.prometheus.enabled=true',
    'spark.sql.streaming.metricsEnabled=true',
    'spark.metrics.appStatusSource.enabled=true',
    `spark.sparkwatch.prometheus.targetsDir=${o.targetsDir}`,
    'spark.sparkwatch.prometheus.targetHost=127.0.0.1',
  ].flatMap((conf) => ['--conf', conf]);
}

/** Spark 4's JSON logs to files: the driver's at `driverLog`, each executor's in its work dir. */
export function jsonLogConfs(driverLog: string): string[] {
  const log4j = `file:${join(ROOT, 'deploy/spark/log4j2.properties')}`;
  return [
    ['--conf', 'spark.log.structuredLogging.enabled=true'],
    ['--conf', `spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=${log4j}`],
    [
      '--driver-java-options',
      `-Dlog4j2.configurationFile=${log4j} -Dmiaradia.logfile=${driverLog}`,
    ],
  ].flat();
}

export interface SubmitResult {
  status: number | null;
  /** spark-submit's own stdout + stderr. */
  output: string;
  seconds: number;
}

/** spark-submit with the given arguments; its output goes to `logFile`. */
export function submit(
  env: SparkEnv,
  args: string[],
  logFile: string,
  timeoutMs = 400_000,
): SubmitResult {
  const fd = openSync(logFile, 'w');
  const started = process.hrtime.bigint();
  try {
    const result = spawnSync(join(env.venv, 'bin/spark-submit'), args, {
      cwd: ROOT,
      stdio: ['ignore', fd, fd],
      timeout: timeoutMs,
      env: {
        ...process.env,
        SPARK_LOCAL_IP: '127.0.0.1',
        PYSPARK_PYTHON: join(env.venv, 'bin/python'),
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { status: result.status, output: readFileSync(logFile, 'utf8'), seconds };
  } finally {
    closeSync(fd);
  }
}

export interface LogLine {
  ts: string;
  level: string;
  msg: string;
  logger?: string;
  context?: Record<string, string>;
}

export function readJsonLog(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The app id the plugin's injector put on the driver's lines. */
export function appIdOf(driverLog: string): string | undefined {
  return readJsonLog(driverLog).find((l) => l.context?.appId)?.context?.appId;
}

/** Every executor's log lines of an app run on a local-cluster. */
export function executorLines(env: SparkEnv, appId: string): LogLine[] {
  const dir = join(env.work, appId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((executor) => readJsonLog(join(dir, executor, 'executor.log')));
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}

export const spanAttr = (span: JaegerSpan, key: string): string | undefined => {
  const tag = span.tags.find((t) => t.key === key);
  return tag === undefined ? undefined : String(tag.value);
};

export const parentOf = (span: JaegerSpan): string | undefined =>
  span.references?.find((r) => r.refType === 'CHILD_OF')?.spanID;

/** The traces of one app (by its spark.app.id attribute) in the last hour. */
export async function jaegerTraces(
  jaeger: string,
  service: string,
  appId: string,
): Promise<{ traceID: string; spans: JaegerSpan[] }[]> {
  const end = Date.now() * 1000;
  const params = new URLSearchParams({
    service,
    tags: JSON.stringify({ 'spark.app.id': appId }),
    start: String(end - 3_600_000_000),
    end: String(end),
    limit: '1000',
  });
  const response = await fetch(`${jaeger}/api/traces?${params}`);
  if (!response.ok) throw new Error(`Jaeger ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: { traceID: string; spans: JaegerSpan[] }[] }).data;
}
