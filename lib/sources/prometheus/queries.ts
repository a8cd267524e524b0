import 'server-only';
import { z } from 'zod';
import { pushValue } from '@/lib/domain/series';
import type { MetricSeries, WithWarnings } from '@/lib/domain/types';
import type { CallOptions } from '../request-options';
import { prometheusGet } from './client';
import { msToPromSeconds, promSecondsToMs } from '../units';
import { stepFor } from './promql';

function isSample(value: unknown): value is [number, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  );
}

const SAMPLE = 'expected [seconds, "value"]';
const sampleValue = z.custom<[number, string]>(isSample, { message: SAMPLE });

/**
 * `[seconds, "value"]` pairs, checked in one loop: a timeline reads thousands of them, and a
 * tuple schema per sample cost more than the JSON parse of the answer (README, "Benchmarks").
 */
const samples = z.custom<[number, string][]>(
  (value) => Array.isArray(value) && value.every(isSample),
  { message: `${SAMPLE} pairs` },
);
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: samples })),
});
const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
});

const toSeconds = msToPromSeconds;

/** One sample of an instant query; a NaN or ±Inf value (valid in PromQL, not in JSON) is null. */
export interface InstantSample {
  labels: Record<string, string>;
  at: number;
  value: number | null;
}

/** A range query's samples on its step grid; NaN and ±Inf are gaps, not values. */
function onGrid(
  labels: Record<string, string>,
  stepMs: number,
  samples: [number, string][],
): MetricSeries {
  const series: MetricSeries = { labels, start: 0, step: stepMs, values: [] };
  for (const [t, v] of samples) pushValue(series, promSecondsToMs(t), Number(v));
  return series;
}

export async function rangeQuery(
  query: string,
  window: { from: number; to: number; maxPoints: number },
  options: CallOptions = {},
): Promise<WithWarnings<MetricSeries[]> & { stepSeconds: number }> {
  const step = stepFor(window.from, window.to, window.maxPoints);
  const params = new URLSearchParams({
    query,
    start: toSeconds(window.from),
    end: toSeconds(window.to),
    step: String(step),
  });
  const { data, warnings } = await prometheusGet('/api/v1/query_range', params, matrix, options);
  return {
    value: data.result.map((r) => onGrid(r.metric, step * 1000, r.values)),
    warnings,
    stepSeconds: step,
  };
}

export async function instantQuery(
  query: string,
  at: number | undefined,
  options: CallOptions = {},
): Promise<WithWarnings<InstantSample[]>> {
  const params = new URLSearchParams({ query });
  if (at !== undefined) params.set('time', toSeconds(at));
  const { data, warnings } = await prometheusGet('/api/v1/query', params, vector, options);
  return {
    value: data.result.map((r) => {
      const value = Number(r.value[1]);
      return {
        labels: r.metric,
        at: promSecondsToMs(r.value[0]),
        value: Number.isFinite(value) ? value : null,
      };
    }),
    warnings,
  };
}
