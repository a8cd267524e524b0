import 'server-only';
import type { Span, Trace, TraceSummary } from '@/lib/domain/types';
import type { CallOptions } from '../request-options';
import { jaegerStrategy, knownJaegerStrategy } from './capabilities';
import type { TraceCallOptions, TraceSearch, TraceStrategy } from './search';
import type { OutlineJson } from './search';

export type { OutlineJson } from './search';

export type { TraceCallOptions, TraceSearch } from './search';

/**
 * What lib/correlate calls: each call is handed to the one strategy chosen from Jaeger's
 * capabilities (capabilities.ts). Once chosen, it is reached without an await, so the request
 * leaves in the caller's turn (the timeline sends its trace search first).
 */
function withStrategy<T>(
  options: CallOptions,
  run: (strategy: TraceStrategy) => Promise<T>,
): Promise<T> {
  const known = knownJaegerStrategy();
  return known ? run(known) : jaegerStrategy(options).then(run);
}

/** Finds traces by service, time and span attributes. */
export function findTraces(search: TraceSearch, options: TraceCallOptions = {}): Promise<Trace[]> {
  return withStrategy(options, (s) => s.findTraces(search, options));
}

/** Summaries of the traces `findTraces` finds (what lists and the timeline show). */
export function findTraceSummaries(
  search: TraceSearch,
  options: TraceCallOptions = {},
): Promise<TraceSummary[]> {
  return withStrategy(options, (s) => s.findTraceSummaries(search, options));
}

/** One trace with every span; an unknown id is `null`. */
export function getTrace(traceId: string, options: TraceCallOptions = {}): Promise<Trace | null> {
  return withStrategy(options, (s) => s.getTrace(traceId, options));
}

/** One trace's outline as JSON (every span, no attributes); an unknown id is `null`. */
export function getTraceOutline(
  traceId: string,
  options: TraceCallOptions = {},
): Promise<OutlineJson | null> {
  return withStrategy(options, (s) => s.getTraceOutline(traceId, options));
}

/** One span with every attribute; `null` when Jaeger has no such trace or span. */
export function getSpan(
  traceId: string,
  spanId: string,
  options: TraceCallOptions = {},
): Promise<Span | null> {
  return withStrategy(options, (s) => s.getSpan(traceId, spanId, options));
}

export function listServices(options: CallOptions = {}): Promise<string[]> {
  return withStrategy(options, (s) => s.listServices(options));
}
