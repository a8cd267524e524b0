import 'server-only';
import type { Span, SpanHead } from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { UpstreamError, redactUrl } from '@/lib/http/errors';
import { type GrpcRequest, grpcServerStream } from '@/lib/http/grpc';
import type { CallOptions } from '../request-options';
import { findTracesRequest, getTraceRequest, servicesOf, TracesDecoder } from './otlp-proto';
import { ProtobufError } from './protobuf';
import { appServices, type TraceCallOptions, type TraceSearch, type TraceStrategy } from './search';
import { groupTraces, summarize, toTrace } from './trace-shape';
import { TraceOutlineWriter } from './trace-outline';

/**
 * Jaeger's gRPC API v3 (`JAEGER_GRPC_URL`): protobuf read straight into domain spans as each
 * message arrives, and attribute filters on every Jaeger v2 (the HTTP API v3 filters only from
 * v2.19). Searches and trace details are raw (see `findTracesRequest`).
 */

const SERVICE = '/jaeger.api_v3.QueryService';
type Method = 'FindTraces' | 'GetTrace' | 'GetServices';

/** After the gRPC port proved unreachable, calls go to the fallback for this long. */
const RETRY_AFTER_MS = 60_000;

export interface GrpcStrategyOptions {
  url: string;
  /** Where calls go while the gRPC port does not answer (a Jaeger that only exposes 16686). */
  fallback: (options: CallOptions) => Promise<TraceStrategy>;
}

/** Decoding as the bytes arrive: a large trace is read while it streams in. */
const partsOf = (decoder: TracesDecoder<Span | SpanHead>): Pick<GrpcRequest, 'parts'> => ({
  parts: { part: (bytes) => decoder.pushPart(bytes), end: () => decoder.endMessage() },
});

export function grpcStrategy({ url, fallback }: GrpcStrategyOptions): TraceStrategy {
  let downUntil = 0;

  /** Calls `method`; false when the port is unreachable (then the fallback answers). */
  async function call(
    method: Method,
    message: Uint8Array,
    consumer: Pick<GrpcRequest, 'onMessage' | 'parts'>,
    options: CallOptions,
  ): Promise<boolean> {
    if (Date.now() < downUntil) return false;
    const { jaeger, maxResponseBytes } = getConfig();
    const readable =
      <A extends unknown[]>(read: (...args: A) => void) =>
      (...args: A) => {
        try {
          read(...args);
        } catch (error) {
          if (!(error instanceof ProtobufError)) throw error;
          throw new UpstreamError(
            `jaeger answered a gRPC ${method} this console cannot read (${error.message})`,
            { source: 'jaeger', kind: 'bad_response', url: redactUrl(url), cause: error },
          );
        }
      };
    const { onMessage, parts } = consumer;
    try {
      // NOT_FOUND carries no message: the caller's decoder then holds nothing, as it should.
      await grpcServerStream({
        source: 'jaeger',
        url,
        method: `${SERVICE}/${method}`,
        message,
        timeoutMs: jaeger.timeoutMs,
        maxBytes: maxResponseBytes,
        // A trace by id is one large answer; searches stay on the default windows, so the
        // timelines in flight are paced by how fast the console reads them.
        bulk: method === 'GetTrace',
        ...(onMessage ? { onMessage: readable(onMessage) } : {}),
        ...(parts ? { parts: { part: readable(parts.part), end: readable(parts.end) } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return true;
    } catch (error) {
      if (
        error instanceof UpstreamError &&
        error.kind === 'unreachable' &&
        !options.signal?.aborted
      ) {
        downUntil = Date.now() + RETRY_AFTER_MS;
        console.warn(
          `Jaeger gRPC at ${redactUrl(url)} is unreachable (${error.message}); Jaeger calls use HTTP for ${RETRY_AFTER_MS / 1000} s. Set JAEGER_GRPC_URL=none to stop trying.`,
        );
        return false;
      }
      throw error;
    }
  }

  async function find<S extends Span | SpanHead>(
    search: TraceSearch,
    decoder: TracesDecoder<S>,
    options: TraceCallOptions,
  ): Promise<S[] | undefined> {
    const done = await call('FindTraces', findTracesRequest(search), partsOf(decoder), options);
    return done ? decoder.spans : undefined;
  }

  return {
    name: 'grpc',
    async findTraces(search, options = {}) {
      const spans = await find(search, TracesDecoder.spans(options.spanAttributes), options);
      if (spans) return groupTraces(spans);
      return (await fallback(options)).findTraces(search, options);
    },
    async findTraceSummaries(search, options = {}) {
      // The request leaves in this turn (no await before it), as the timeline's ordering needs.
      const heads = await find(search, TracesDecoder.heads(options.spanAttributes), options);
      if (heads) return groupTraces(heads).map(summarize);
      return (await fallback(options)).findTraceSummaries(search, options);
    },
    async getTrace(traceId, options = {}) {
      const decoder = TracesDecoder.spans(options.spanAttributes);
      const done = await call('GetTrace', getTraceRequest(traceId), partsOf(decoder), options);
      if (!done) return (await fallback(options)).getTrace(traceId, options);
      return decoder.spans.length ? toTrace(traceId, decoder.spans) : null;
    },
    async getTraceOutline(traceId, options = {}) {
      const writer = new TraceOutlineWriter(traceId, options.spanAttributes);
      const parts = { part: (b: Buffer) => writer.write(b), end: () => writer.endMessage() };
      const done = await call('GetTrace', getTraceRequest(traceId), { parts }, options);
      if (!done) return (await fallback(options)).getTraceOutline(traceId, options);
      return writer.finish() ?? null;
    },
    async getSpan(traceId, spanId, options = {}) {
      // Only the span asked for is read whole; every other is skipped unread.
      const decoder = TracesDecoder.spans(options.spanAttributes, spanId);
      const done = await call('GetTrace', getTraceRequest(traceId), partsOf(decoder), options);
      if (!done) return (await fallback(options)).getSpan(traceId, spanId, options);
      return decoder.spans[0] ?? null;
    },
    async listServices(options = {}) {
      const services: string[] = [];
      const done = await call(
        'GetServices',
        new Uint8Array(),
        { onMessage: (m) => services.push(...servicesOf(m)) },
        options,
      );
      if (!done) return (await fallback(options)).listServices(options);
      return appServices(services);
    },
  };
}
