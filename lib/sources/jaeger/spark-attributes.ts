import type { Span } from '@/lib/api/types';

/**
 * Span attribute names carrying the Spark ids (the Miaradia listener's; overridable through the
 * mapping configuration, which passes its own names here).
 */
export const DEFAULT_SPAN_ATTRIBUTES = {
  appId: 'spark.app.id',
  appName: 'spark.app.name',
  queryName: 'spark.streaming.query.name',
  batchId: 'spark.streaming.batch.id',
  jobId: 'spark.job.id',
  stageId: 'spark.stage.id',
} as const;

export type SpanAttributeNames = Record<keyof typeof DEFAULT_SPAN_ATTRIBUTES, string>;

export function sparkOf(
  attributes: Record<string, string>,
  names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES,
): Span['spark'] {
  const out: Span['spark'] = {};
  for (const [key, attr] of Object.entries(names) as [keyof Span['spark'], string][]) {
    const value = attributes[attr];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
