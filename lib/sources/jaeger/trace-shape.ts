import { toTrace } from '@/lib/domain/trace';
import type { SpanHead, Trace, TraceSummary } from '@/lib/domain/types';

export { toTrace };

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
