import type { SpanHead, Trace, TraceSummary } from '@/lib/domain/types';

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

/** Spans of many traces (a search answer) grouped into traces, in first-seen order. */
export function groupTraces<S extends SpanHead>(spans: S[]): Trace<S>[] {
  const byId = new Map<string, S[]>();
  for (const span of spans) {
    const list = byId.get(span.traceId);
    if (list) list.push(span);
    else byId.set(span.traceId, [span]);
  }
  return [...byId].map(([traceId, list]) => toTrace(traceId, list));
}
