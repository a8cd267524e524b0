/**
 * The raw text the Spark endpoints would serve for the stuck streaming app right now: the driver's
 * PrometheusServlet (`metrics_<namespace>_driver_…_Value{type="gauges"}`, each gauge twice) and the
 * executor endpoint (`metrics_executor_…{application_id,…}`). Prometheus scrapes it through the
 * same relabelling as a real driver, which keeps the incident (and its alert) live.
 */
import type { SeriesDef } from './metrics';

const SERVLET_NAME: Record<string, string> = {
  spark_streaming_input_rate: 'inputRate_total',
  spark_streaming_processing_rate: 'processingRate_total',
  spark_streaming_latency_ms: 'latency',
  spark_streaming_watermark_ms: 'eventTime_watermark',
  spark_streaming_state_rows: 'states_rowsTotal',
  spark_streaming_state_bytes: 'states_usedBytes',
};
const DAG_NAME: Record<string, string> = {
  spark_driver_active_jobs: 'DAGScheduler_job_activeJobs',
  spark_driver_running_stages: 'DAGScheduler_stage_runningStages',
  spark_driver_failed_stages: 'DAGScheduler_stage_failedStages',
};

const fmt = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));

export function driverExposition(defs: SeriesDef[], at: number, appName: string): string {
  const ns = appName.replace(/[^A-Za-z0-9]/g, '_');
  const lines: string[] = [];
  for (const def of defs) {
    const name = def.labels.__name__ ?? '';
    const v = def.at(at);
    if (v === undefined || def.labels.job !== 'spark-driver') continue;
    const metric = SERVLET_NAME[name]
      ? `metrics_${ns}_driver_spark_streaming_${(def.labels.query ?? '').replace(/[^A-Za-z0-9]/g, '_')}_${SERVLET_NAME[name]}`
      : DAG_NAME[name]
        ? `metrics_${ns}_driver_${DAG_NAME[name]}`
        : undefined;
    if (!metric) continue;
    lines.push(
      `${metric}_Number{type="gauges"} ${fmt(v)}`,
      `${metric}_Value{type="gauges"} ${fmt(v)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function executorsExposition(
  defs: SeriesDef[],
  at: number,
  app: { appId: string; appName: string },
): string {
  const lines = [
    'spark_info{version="4.0.1", revision="b2d1e5b7f8e1c1a9d1d7f0a7c5e2b1f3a4c6d8e0"} 1.0',
  ];
  for (const def of defs) {
    const v = def.at(at);
    if (v === undefined || def.labels.job !== 'spark-executors' || def.labels.app_id !== app.appId)
      continue;
    lines.push(
      `${def.labels.__name__}{application_id="${app.appId}", application_name="${app.appName}", executor_id="${def.labels.executor_id}"} ${fmt(v)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
