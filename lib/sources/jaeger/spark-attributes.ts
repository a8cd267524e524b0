import type { Span } from '@/lib/domain/types';

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

type SparkKey = keyof Span['spark'];

/** The Spark ids of a span's attributes; `sparkReader` does the same with the names resolved once. */
export function sparkOf(
  attributes: Record<string, string>,
  names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES,
): Span['spark'] {
  return sparkReader(names)(attributes);
}

/** A reader of the Spark ids for many spans (the names are listed once, not per span). */
export function sparkReader(
  names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES,
): (attributes: Record<string, string>) => Span['spark'] {
  const pairs = Object.entries(names) as [SparkKey, string][];
  return (attributes) => {
    const out: Span['spark'] = {};
    for (const [key, attr] of pairs) {
      const value = attributes[attr];
      if (value !== undefined && value !== '') out[key] = value;
    }
    return out;
  };
}
