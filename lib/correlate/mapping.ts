import 'server-only';
import { LABEL_NAME, METRIC_NAME } from '@/lib/domain/ids';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { DEFAULT_LOG_FIELDS, type LogFields } from '@/lib/sources/elasticsearch/fields';
import {
  DEFAULT_SPAN_ATTRIBUTES,
  type SpanAttributeNames,
} from '@/lib/sources/jaeger/spark-attributes';

/**
 * Where each backend keeps the Spark ids and signals. The preset matches the stack this project
 * ships (deploy/prometheus relabelling, the shipper's documents, the Miaradia listener's spans);
 * every part can be overridden under `mapping` in SPARKWATCH_CONFIG_FILE.
 */
const signal = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,40}$/),
  title: z.string().max(80),
  unit: z.string().max(20),
  metric: z.string().regex(METRIC_NAME),
  /** PromQL around the app's selector: `$selector` is replaced by `metric{app_id="…"}`. */
  template: z.string().max(500).includes('$selector'),
});

const mappingSchema = z.object({
  prometheus: z
    .object({
      appIdLabel: z.string().regex(LABEL_NAME),
      appNameLabel: z.string().regex(LABEL_NAME),
      executorLabel: z.string().regex(LABEL_NAME),
      /** A series every live Spark app exposes (per executor), for discovery and executor lanes. */
      executorMetric: z.string().regex(METRIC_NAME),
      signals: z.array(signal.strict()).max(30),
    })
    .strict()
    .partial(),
  logFields: z
    .object(
      Object.fromEntries(
        Object.keys(DEFAULT_LOG_FIELDS).map((k) => [k, z.string().max(100)]),
      ) as Record<keyof LogFields, z.ZodString>,
    )
    .strict()
    .partial(),
  spanAttributes: z
    .object(
      Object.fromEntries(
        Object.keys(DEFAULT_SPAN_ATTRIBUTES).map((k) => [k, z.string().max(100)]),
      ) as Record<keyof SpanAttributeNames, z.ZodString>,
    )
    .strict()
    .partial(),
});

export type SignalDef = z.infer<typeof signal>;

export const PRESET = {
  prometheus: {
    appIdLabel: 'app_id',
    appNameLabel: 'app_name',
    executorLabel: 'executor_id',
    executorMetric: 'metrics_executor_totalCores',
    signals: [
      {
        id: 'inputRate',
        title: 'Input rate',
        unit: 'rows/s',
        metric: 'spark_streaming_input_rate',
        template: 'sum by (query) ($selector)',
      },
      {
        id: 'processingRate',
        title: 'Processing rate',
        unit: 'rows/s',
        metric: 'spark_streaming_processing_rate',
        template: 'sum by (query) ($selector)',
      },
      {
        id: 'batchDuration',
        title: 'Batch duration',
        unit: 'ms',
        metric: 'spark_streaming_latency_ms',
        template: 'max by (query) ($selector)',
      },
      {
        id: 'watermarkLag',
        title: 'Watermark lag',
        unit: 'ms',
        metric: 'spark_streaming_watermark_ms',
        template: 'time() * 1000 - max by (query) ($selector > 0)',
      },
      {
        id: 'stateRows',
        title: 'State rows',
        unit: 'rows',
        metric: 'spark_streaming_state_rows',
        template: 'sum by (query) ($selector)',
      },
      {
        id: 'activeJobs',
        title: 'Active jobs',
        unit: 'jobs',
        metric: 'spark_driver_active_jobs',
        template: 'max($selector)',
      },
      {
        id: 'gcTime',
        title: 'GC time share',
        unit: '%',
        metric: 'metrics_executor_totalGCTime_seconds_total',
        template: '100 * sum by (executor_id) (rate($selector[2m]))',
      },
    ] satisfies SignalDef[],
  },
  logFields: DEFAULT_LOG_FIELDS as LogFields,
  spanAttributes: DEFAULT_SPAN_ATTRIBUTES as SpanAttributeNames,
};

export type Mapping = typeof PRESET;

let cached: Mapping | undefined;

export function getMapping(): Mapping {
  if (cached) return cached;
  const override = mappingSchema
    .strict()
    .partial()
    .safeParse(getConfig().file.mapping ?? {});
  if (!override.success) {
    throw new Error(
      `SPARKWATCH_CONFIG_FILE mapping is invalid: ${override.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const o = override.data;
  cached = {
    prometheus: { ...PRESET.prometheus, ...(o.prometheus ?? {}) },
    logFields: { ...PRESET.logFields, ...(o.logFields ?? {}) },
    spanAttributes: { ...PRESET.spanAttributes, ...(o.spanAttributes ?? {}) },
  };
  return cached;
}

/** Call options for Elasticsearch and Jaeger carrying the mapping's field and attribute names. */
export function mapped(signal: AbortSignal) {
  const m = getMapping();
  return { signal, fields: m.logFields, spanAttributes: m.spanAttributes };
}
