import 'server-only';
import { z } from 'zod';
import type { Span, Trace, TraceSummary } from '@/lib/api/types';
import type { CallOptions } from '../request-options';
import { jaegerGet } from './client';
import { apiTracesResponse, modelToTraces } from './model';
import { otlpToSpans, v3TraceResponse } from './otlp';

/** Jaeger traces itself under this service; never a Spark app. */
const SELF_SERVICES = new Set(['jaeger', 'jaeger-query', 'jaeger-all-in-one']);

export function toTrace(traceId: string, spans: Span[]): Trace {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const ids = new Set(sorted.map((s) => s.spanId));
  const root = sorted.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? sorted[0];
  const start = sorted[0]?.start ?? 0;
  const end = Math.max(...sorted.map((s) => s.start + s.durationMs), start);
  return {
    traceId,
    spans: sorted,
    start,
    durationMs: end - start,
    rootName: root?.name ?? '',
    service: root?.service ?? '',
  };
}

export function summarize(trace: Trace): TraceSummary {
  const root = trace.spans.find((s) => s.name === trace.rootName) ?? trace.spans[0];
  const appId = root?.spark.appId ?? trace.spans.find((s) => s.spark.appId)?.spark.appId;
  return {
    traceId: trace.traceId,
    rootName: trace.rootName,
    service: trace.service,
    start: trace.start,
    durationMs: trace.durationMs,
    spanCount: trace.spans.length,
    errorCount: trace.spans.filter((s) => s.status === 'error').length,
    spark: { ...(root?.spark ?? {}), ...(appId ? { appId } : {}) },
  };
}

/** API v3 get-trace. Jaeger answers 404 for an unknown id: that is `null`, not an error. */
export async function getTrace(traceId: string, options: CallOptions = {}): Promise<Trace | null> {
  const answer = await jaegerGet(
    `/api/v3/traces/${traceId}`,
    new URLSearchParams(),
    v3TraceResponse,
    {
      ...options,
      acceptStatus: [404],
    },
  );
  if (!answer.data) return null;
  const spans = otlpToSpans(answer.data);
  return spans.length ? toTrace(traceId, spans) : null;
}

export interface TraceSearch {
  service: string;
  /** Exact-match span tags, e.g. {"spark.app.id": "app-…"}; sent as a JSON string map. */
  tags: Record<string, string>;
  from: number;
  to: number;
  limit: number;
}

/**
 * Finds traces by service, time and span attributes. Jaeger v2.13 has no attribute filter in API
 * v3 (query.attributes arrived in 2.19), so this uses the `/api/traces?tags=` search, which takes
 * microseconds and answers an empty list (not 404) when nothing matches.
 */
export async function findTraces(search: TraceSearch, options: CallOptions = {}): Promise<Trace[]> {
  const params = new URLSearchParams({
    service: search.service,
    start: String(Math.floor(search.from * 1000)),
    end: String(Math.ceil(search.to * 1000)),
    limit: String(search.limit),
  });
  if (Object.keys(search.tags).length) params.set('tags', JSON.stringify(search.tags));
  const answer = await jaegerGet('/api/traces', params, apiTracesResponse, options);
  return modelToTraces(answer.data ?? { data: [] }).map((spans) =>
    toTrace(spans[0]?.traceId ?? '', spans),
  );
}

const servicesResponse = z.object({ data: z.array(z.string()).nullable() });

export async function listServices(options: CallOptions = {}): Promise<string[]> {
  const answer = await jaegerGet('/api/services', new URLSearchParams(), servicesResponse, options);
  return (answer.data?.data ?? []).filter((s) => !SELF_SERVICES.has(s)).sort();
}
