import 'server-only';
import { z } from 'zod';
import type { SpanHead, Trace, TraceSummary } from '@/lib/domain/types';
import type { CallOptions } from '../request-options';
import { jaegerGet } from './client';
import { apiTracesResponse, modelToSummaries, modelToTraces } from './model';
import { msToMicros, msToRfc3339 } from '../units';
import { knownV3AttributeSearch, v3AttributeSearch } from './capabilities';
import { otlpToSpans, v3TraceResponse } from './otlp';
import { grpcFindSpanHeads, grpcFindSpans } from './grpc-search';
import type { SpanAttributeNames } from './spark-attributes';

/** Jaeger traces itself under this service; never a Spark app. */
const SELF_SERVICES = new Set(['jaeger', 'jaeger-query', 'jaeger-all-in-one']);

export function toTrace<S extends SpanHead>(traceId: string, spans: S[]): Trace<S> {
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

export function summarize(trace: Trace<SpanHead>): TraceSummary {
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

export interface TraceCallOptions extends CallOptions {
  /** Span attribute names of the Spark ids (the mapping's); the preset's when left out. */
  spanAttributes?: SpanAttributeNames;
}

/** Spans of many traces (a v3 search answer) grouped into traces, in first-seen order. */
export function groupTraces<S extends SpanHead>(spans: S[]): Trace<S>[] {
  const byId = new Map<string, S[]>();
  for (const span of spans) {
    const list = byId.get(span.traceId);
    if (list) list.push(span);
    else byId.set(span.traceId, [span]);
  }
  return [...byId].map(([traceId, list]) => toTrace(traceId, list));
}

/** API v3 get-trace. Jaeger answers 404 for an unknown id: that is `null`, not an error. */
export async function getTrace(
  traceId: string,
  options: TraceCallOptions = {},
): Promise<Trace | null> {
  const answer = await jaegerGet(
    `/api/v3/traces/${traceId}`,
    new URLSearchParams(),
    v3TraceResponse,
    { ...options, acceptStatus: [404] },
  );
  if (!answer.data) return null;
  const spans = otlpToSpans(answer.data, options.spanAttributes);
  return spans.length ? toTrace(traceId, spans) : null;
}

export interface TraceSearch {
  service: string;
  /** Exact-match span attributes, e.g. {"spark.app.id": "app-…"}; sent as a JSON string map. */
  tags: Record<string, string>;
  from: number;
  to: number;
  limit: number;
}

/** The request of an API v3 search (exported for tests: the attributes travel as JSON). */
export function v3SearchParams(search: TraceSearch): URLSearchParams {
  const params = new URLSearchParams({
    'query.service_name': search.service,
    'query.start_time_min': msToRfc3339(search.from),
    'query.start_time_max': msToRfc3339(search.to),
    'query.num_traces': String(search.limit),
  });
  if (Object.keys(search.tags).length) params.set('query.attributes', JSON.stringify(search.tags));
  return params;
}

/** API v3 search; an empty search answers 404 ("No traces found"), which is an empty list. */
async function findTracesV3(search: TraceSearch, options: TraceCallOptions): Promise<Trace[]> {
  const answer = await jaegerGet('/api/v3/traces', v3SearchParams(search), v3TraceResponse, {
    ...options,
    acceptStatus: [404],
  });
  return answer.data ? groupTraces(otlpToSpans(answer.data, options.spanAttributes)) : [];
}

export function tagSearchParams(search: TraceSearch): URLSearchParams {
  const params = new URLSearchParams({
    service: search.service,
    start: msToMicros(search.from, 'floor'),
    end: msToMicros(search.to, 'ceil'),
    limit: String(search.limit),
  });
  if (Object.keys(search.tags).length) params.set('tags', JSON.stringify(search.tags));
  return params;
}

/** The internal `/api/traces?tags=` search (what Jaeger UI uses): an empty list when nothing matches. */
async function findTracesByTags(search: TraceSearch, options: TraceCallOptions): Promise<Trace[]> {
  const answer = await jaegerGet(
    '/api/traces',
    tagSearchParams(search),
    apiTracesResponse,
    options,
  );
  return modelToTraces(answer.data ?? { data: [] }, options.spanAttributes).map((spans) =>
    toTrace(spans[0]?.traceId ?? '', spans),
  );
}

/**
 * Finds traces by service, time and span attributes: through gRPC API v3 when configured and
 * reachable; else HTTP API v3 where the server filters by attributes (v2.19+) or none are asked
 * for, else the `/api/traces?tags=` search.
 */
export async function findTraces(
  search: TraceSearch,
  options: TraceCallOptions = {},
): Promise<Trace[]> {
  const spans = await grpcFindSpans(search, options);
  if (spans) return groupTraces(spans);
  const byAttributes = Object.keys(search.tags).length > 0;
  if (!byAttributes || (await v3AttributeSearch(options))) return findTracesV3(search, options);
  return findTracesByTags(search, options);
}

/**
 * Summaries of the traces `findTraces` finds (what lists and the timeline show), without building
 * every span's attributes: from span heads over gRPC, straight from Jaeger's model on the
 * `/api/traces` path.
 */
export async function findTraceSummaries(
  search: TraceSearch,
  options: TraceCallOptions = {},
): Promise<TraceSummary[]> {
  // The gRPC request leaves in this turn (no await before it), as the timeline's ordering needs.
  const heads = await grpcFindSpanHeads(search, options);
  if (heads) return groupTraces(heads).map(summarize);
  const byAttributes = Object.keys(search.tags).length > 0;
  // The remembered capability is read without an await, so the request leaves in this turn.
  if (!byAttributes || (knownV3AttributeSearch() ?? (await v3AttributeSearch(options)))) {
    return (await findTracesV3(search, options)).map(summarize);
  }
  const answer = await jaegerGet(
    '/api/traces',
    tagSearchParams(search),
    apiTracesResponse,
    options,
  );
  return modelToSummaries(answer.data ?? { data: [] }, options.spanAttributes);
}

const servicesResponse = z.object({ data: z.array(z.string()).nullable() });

export async function listServices(options: CallOptions = {}): Promise<string[]> {
  const answer = await jaegerGet('/api/services', new URLSearchParams(), servicesResponse, options);
  return (answer.data?.data ?? []).filter((s) => !SELF_SERVICES.has(s)).sort();
}
