import 'server-only';
import { z } from 'zod';
import type { Trace, TraceSummary } from '@/lib/domain/types';
import type { CallOptions } from '../request-options';
import { msToMicros, msToRfc3339 } from '../units';
import { jaegerGet } from './client';
import { apiTracesResponse, modelToSummaries, modelToTraces } from './model';
import { otlpToSpans, v3TraceResponse } from './otlp';
import { appServices, type TraceCallOptions, type TraceSearch, type TraceStrategy } from './search';
import { groupTraces, summarize, toTrace } from './trace-shape';
import { outlineJsonOf } from './trace-outline';

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

/** API v3 search; an empty search answers 404 ("No traces found"), which is an empty list. */
async function findTracesV3(search: TraceSearch, options: TraceCallOptions): Promise<Trace[]> {
  const answer = await jaegerGet('/api/v3/traces', v3SearchParams(search), v3TraceResponse, {
    ...options,
    acceptStatus: [404],
  });
  return answer.data ? groupTraces(otlpToSpans(answer.data, options.spanAttributes)) : [];
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

/** Summaries straight from Jaeger's `/api` model, without building every span. */
async function summariesByTags(
  search: TraceSearch,
  options: TraceCallOptions,
): Promise<TraceSummary[]> {
  const answer = await jaegerGet(
    '/api/traces',
    tagSearchParams(search),
    apiTracesResponse,
    options,
  );
  return modelToSummaries(answer.data ?? { data: [] }, options.spanAttributes);
}

/** API v3 get-trace. Jaeger answers 404 for an unknown id: that is `null`, not an error. */
async function getTraceV3(traceId: string, options: TraceCallOptions): Promise<Trace | null> {
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

const servicesResponse = z.object({ data: z.array(z.string()).nullable() });

async function listServicesHttp(options: CallOptions = {}): Promise<string[]> {
  const answer = await jaegerGet('/api/services', new URLSearchParams(), servicesResponse, options);
  return appServices(answer.data?.data ?? []);
}

/**
 * Jaeger's HTTP APIs. A search by span attributes goes to API v3 only where the server filters
 * by them (`query.attributes`, v2.19+; older servers ignore it and answer every trace of the
 * service); elsewhere to the internal `/api/traces?tags=`, which filters on every version.
 */
export function httpStrategy(capabilities: { v3AttributeSearch: boolean }): TraceStrategy {
  const overV3 = (search: TraceSearch) =>
    capabilities.v3AttributeSearch || Object.keys(search.tags).length === 0;
  return {
    name: capabilities.v3AttributeSearch ? 'http-v3' : 'http-tags',
    findTraces: (search, options = {}) =>
      overV3(search) ? findTracesV3(search, options) : findTracesByTags(search, options),
    findTraceSummaries: async (search, options = {}) =>
      overV3(search)
        ? (await findTracesV3(search, options)).map(summarize)
        : summariesByTags(search, options),
    getTrace: (traceId, options = {}) => getTraceV3(traceId, options),
    getTraceOutline: async (traceId, options = {}) => {
      const trace = await getTraceV3(traceId, options);
      return trace && outlineJsonOf(trace);
    },
    getSpan: async (traceId, spanId, options = {}) =>
      (await getTraceV3(traceId, options))?.spans.find((s) => s.spanId === spanId) ?? null,
    listServices: listServicesHttp,
  };
}
