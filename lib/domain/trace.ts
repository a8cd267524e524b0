import type { Span, SpanHead, Trace, TraceOutline } from './types';

/** A trace of `spans`: sorted by start, its root, start and duration. */
export function toTrace<S extends SpanHead>(traceId: string, spans: S[]): Trace<S> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const ids = new Set(sorted.map((s) => s.spanId));
  const root = sorted.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? sorted[0];
  const start = sorted[0]?.start ?? 0;
  let end = start;
  // A loop, not Math.max(...spans): a 40,000-span trace would overflow the argument stack.
  for (const s of sorted) end = Math.max(end, s.start + s.durationMs);
  return {
    traceId,
    spans: sorted,
    start,
    durationMs: end - start,
    rootName: root?.name ?? '',
    service: root?.service ?? '',
  };
}

/** How far around a trace its app's metrics are shown. */
const AROUND_MS = 5 * 60_000;

/**
 * The window of an app's metrics around a trace (or a time, when there is no trace), cut at
 * `now`: what the trace page and a pinned trace show.
 */
export function metricsWindowOf(
  at: { start: number; durationMs: number },
  now: number,
): { from: number; to: number } {
  return {
    from: Math.floor(at.start - AROUND_MS),
    to: Math.ceil(Math.min(now, at.start + at.durationMs + AROUND_MS)),
  };
}

type SparkKey = keyof Span['spark'];
export const SPARK_KEYS: readonly SparkKey[] = [
  'appId',
  'appName',
  'queryName',
  'batchId',
  'jobId',
  'stageId',
];
export const SPAN_STATUSES: readonly Span['status'][] = ['unset', 'ok', 'error'];

/** Whole microseconds of an epoch-ms time that has them (what the decoders give). */
const micros = (ms: number) => Math.round(ms * 1000);

/** Runs of equal consecutive values, `[count, value]`. */
function runsOf<T>(values: T[]): [number, T][] {
  const out: [number, T][] = [];
  for (const value of values) {
    const last = out.at(-1);
    if (last && last[1] === value) last[0] += 1;
    else out.push([1, value]);
  }
  return out;
}

/** Each span's value of a run column, in span order. */
function* unrolled<T>(runs: [number, T][]): Generator<T> {
  for (const [count, value] of runs) for (let i = 0; i < count; i += 1) yield value;
}

/**
 * The outline of a trace's spans (the trace page's answer), built from spans: what the console
 * answers when Jaeger's gRPC API is out of reach (the gRPC path writes the same JSON byte by byte).
 * Every span's Spark ids are its own, its resource's are empty.
 */
export function outlineOf(traceId: string, spans: SpanHead[]): TraceOutline {
  const baseUs = spans.length ? micros(spans[0]!.start) : 0;
  const services = new Map<string, number>();
  const spark: TraceOutline['spark'] = {};
  for (const key of SPARK_KEYS)
    if (spans.some((s) => s.spark[key] !== undefined))
      spark[key] = runsOf(spans.map((s) => s.spark[key] ?? null));
  const index = (key: string) => {
    let i = services.get(key);
    if (i === undefined) services.set(key, (i = services.size));
    return i;
  };
  const statusMessages: [number, string][] = [];
  spans.forEach((s, i) => s.statusMessage && statusMessages.push([i, s.statusMessage]));
  return {
    traceId,
    spanCount: spans.length,
    baseUs,
    statusMessages,
    spanId: spans.map((s) => s.spanId),
    parentSpanId: spans.map((s) => s.parentSpanId ?? ''),
    name: spans.map((s) => s.name),
    startUs: spans.map((s) => micros(s.start) - baseUs),
    durationUs: spans.map((s) => micros(s.start + s.durationMs) - micros(s.start)),
    resource: runsOf(spans.map((s) => index(s.service))),
    status: runsOf(spans.map((s) => SPAN_STATUSES.indexOf(s.status))),
    spark,
    resources: [...services.keys()].map((service) => ({ service, spark: {} })),
  };
}

/** The spans of an outline (without attributes), as a trace: what the trace page draws. */
export function traceOfOutline(o: TraceOutline): Trace<SpanHead> {
  const messages = new Map(o.statusMessages);
  const resources = unrolled(o.resource);
  const statuses = unrolled(o.status);
  const columns = SPARK_KEYS.flatMap((key) => {
    const column = o.spark[key];
    return column ? [[key, unrolled(column)] as const] : [];
  });
  const spans: SpanHead[] = [];
  for (let i = 0; i < o.spanCount; i += 1) {
    const resource = o.resources[resources.next().value ?? 0];
    const spark: Span['spark'] = { ...resource?.spark };
    for (const [key, values] of columns) {
      const value = values.next().value;
      if (value === '') delete spark[key];
      else if (value != null) spark[key] = value;
    }
    const startUs = o.baseUs + o.startUs[i]!;
    const span: SpanHead = {
      traceId: o.traceId,
      spanId: o.spanId[i]!,
      name: o.name[i] ?? '',
      service: resource?.service ?? 'unknown',
      start: startUs / 1000,
      durationMs: (startUs + o.durationUs[i]!) / 1000 - startUs / 1000,
      status: SPAN_STATUSES[statuses.next().value ?? 0] ?? 'unset',
      spark,
    };
    const parent = o.parentSpanId[i];
    if (parent) span.parentSpanId = parent;
    const message = messages.get(i);
    if (message) span.statusMessage = message;
    spans.push(span);
  }
  return toTrace(o.traceId, spans);
}
