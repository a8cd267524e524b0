import type { Span, Trace, TraceSummary } from '@/lib/domain/types';
import type { CallOptions } from '../request-options';
import type { SpanAttributeNames } from './spark-attributes';

export interface TraceSearch {
  service: string;
  /** Exact-match span attributes, e.g. {"spark.app.id": "app-…"}; sent as a JSON string map. */
  tags: Record<string, string>;
  from: number;
  to: number;
  limit: number;
}

/** A trace's outline as JSON (trace-outline.ts), and what the route checks before answering it. */
export interface OutlineJson {
  /** The JSON of a `TraceOutline`. */
  json: Buffer;
  spanCount: number;
  /** Services of the trace's resources (every one must be in the caller's scope). */
  services: string[];
}

export interface TraceCallOptions extends CallOptions {
  /** Span attribute names of the Spark ids (the mapping's); the preset's when left out. */
  spanAttributes?: SpanAttributeNames;
}

/**
 * One way of talking to Jaeger, chosen once from its capabilities (capabilities.ts): each
 * implementation owns one transport and never hands a request on to another.
 */
export interface TraceStrategy {
  /** For logs and tests: which transport this is. */
  readonly name: string;
  /** Traces with every span attribute, by service, time and exact span attributes. */
  findTraces(search: TraceSearch, options?: TraceCallOptions): Promise<Trace[]>;
  /** Summaries of the traces `findTraces` finds, without building every span's attributes. */
  findTraceSummaries(search: TraceSearch, options?: TraceCallOptions): Promise<TraceSummary[]>;
  /** One trace by id; an unknown id is `null`, not an error. */
  getTrace(traceId: string, options?: TraceCallOptions): Promise<Trace | null>;
  /** One trace's outline, as JSON (the trace page's answer, for traces of any size); or `null`. */
  getTraceOutline(traceId: string, options?: TraceCallOptions): Promise<OutlineJson | null>;
  /** One span of a trace with every attribute; `null` when the trace or the span is unknown. */
  getSpan(traceId: string, spanId: string, options?: TraceCallOptions): Promise<Span | null>;
  /** Services with traces, Jaeger's own left out, sorted. */
  listServices(options?: CallOptions): Promise<string[]>;
}

/** Jaeger traces itself under these services; never a Spark app. */
const SELF_SERVICES = new Set(['jaeger', 'jaeger-query', 'jaeger-all-in-one']);

export const appServices = (services: readonly string[]): string[] =>
  services.filter((s) => !SELF_SERVICES.has(s)).sort();
