import { z } from 'zod';
import type { Span, TraceSummary } from '@/lib/domain/types';
import { microsToMs } from '../units';
import { type SpanAttributeNames, sparkReader } from './spark-attributes';

const tag = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });

type Tag = z.infer<typeof tag>;

/** A span of Jaeger's internal model: times in microseconds, Spark ids among the tags. */
export interface ModelSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: string; spanID: string }[] | null;
  startTime: number;
  duration: number;
  tags?: Tag[] | null;
  processID: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const optionalList = (v: unknown, item: (x: unknown) => boolean) =>
  v === undefined || v === null || (Array.isArray(v) && v.every(item));
const isTag = (v: unknown) => isRecord(v) && typeof v.key === 'string';
const isReference = (v: unknown) =>
  isRecord(v) && typeof v.refType === 'string' && typeof v.spanID === 'string';

function isModelSpan(v: unknown): boolean {
  return (
    isRecord(v) &&
    typeof v.traceID === 'string' &&
    typeof v.spanID === 'string' &&
    typeof v.operationName === 'string' &&
    typeof v.startTime === 'number' &&
    typeof v.duration === 'number' &&
    typeof v.processID === 'string' &&
    optionalList(v.references, isReference) &&
    optionalList(v.tags, isTag)
  );
}

/**
 * The spans of a trace, checked in one loop: a timeline search answers thousands of them, and an
 * object schema per span and per tag copied each one (0.7 ms of a 3.9 ms parse on 1,010 spans).
 */
const modelSpans = z.custom<ModelSpan[]>((v) => Array.isArray(v) && v.every(isModelSpan), {
  message: 'expected Jaeger spans (traceID, spanID, operationName, startTime, duration, processID)',
});

/** Jaeger's internal `/api/traces` model (what Jaeger UI reads): times in microseconds. */
export const apiTracesResponse = z.object({
  data: z
    .array(
      z.object({
        traceID: z.string(),
        spans: modelSpans,
        processes: z.record(
          z.string(),
          z.object({ serviceName: z.string(), tags: z.array(tag).nullish() }),
        ),
      }),
    )
    .nullable(),
  errors: z.array(z.object({ code: z.number().optional(), msg: z.string() })).nullish(),
});

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

type Tags = Tag[] | null | undefined;

function addTags(into: Record<string, string>, tags: Tags): Record<string, string> {
  if (tags) for (const t of tags) into[t.key] = text(t.value);
  return into;
}

/**
 * Jaeger's internal model → domain spans, one list per trace. Hot path of every trace search
 * (thousands of spans per answer): the attribute names are resolved once per answer.
 */
export function modelToTraces(
  body: z.infer<typeof apiTracesResponse>,
  names?: SpanAttributeNames,
): Span[][] {
  const spark = sparkReader(names);
  return (body.data ?? []).map((trace) => {
    return trace.spans.map((s) => {
      const process = trace.processes[s.processID];
      const attributes = addTags(addTags({}, process?.tags), s.tags);
      let parent: string | undefined;
      if (s.references) {
        for (const r of s.references) {
          if (r.refType === 'CHILD_OF') {
            parent = r.spanID;
            break;
          }
        }
      }
      const error = attributes.error === 'true' || attributes['otel.status_code'] === 'ERROR';
      const statusMessage = attributes['otel.status_description'];
      return {
        traceId: s.traceID,
        spanId: s.spanID,
        ...(parent ? { parentSpanId: parent } : {}),
        name: s.operationName,
        service: process?.serviceName ?? 'unknown',
        start: microsToMs(s.startTime),
        durationMs: microsToMs(s.duration),
        attributes,
        status: error ? 'error' : 'unset',
        ...(statusMessage ? { statusMessage } : {}),
        spark: spark(attributes),
      } satisfies Span;
    });
  });
}

/** The value of one tag of a span, its own tags winning over its process's (as in `attributes`). */
function tagOf(span: ModelSpan, processTags: Tags, key: string): string | undefined {
  let value: string | undefined;
  if (processTags) for (const t of processTags) if (t.key === key) value = text(t.value);
  if (span.tags) for (const t of span.tags) if (t.key === key) value = text(t.value);
  return value;
}

const parentOf = (span: ModelSpan) =>
  span.references?.find((r) => r.refType === 'CHILD_OF')?.spanID;

/**
 * Trace summaries straight from Jaeger's model, for the searches that only list traces (the
 * timeline's batches, the trace table): the same result as modelToTraces → toTrace → summarize,
 * without building every span's attribute map. "First" means first by start time, ties in answer
 * order, exactly as the sorted spans of toTrace.
 */
export function modelToSummaries(
  body: z.infer<typeof apiTracesResponse>,
  names?: SpanAttributeNames,
): TraceSummary[] {
  const spark = sparkReader(names);
  const appIdKey = names?.appId ?? 'spark.app.id';
  const summaries: TraceSummary[] = [];
  for (const trace of body.data ?? []) {
    const spans = trace.spans;
    if (!spans.length) continue;
    const ids = new Set<string>();
    for (const s of spans) ids.add(s.spanID);
    let first: ModelSpan | undefined;
    let root: ModelSpan | undefined;
    let end = -Infinity;
    let errorCount = 0;
    for (const s of spans) {
      if (!first || s.startTime < first.startTime) first = s;
      const parent = parentOf(s);
      if ((!parent || !ids.has(parent)) && (!root || s.startTime < root.startTime)) root = s;
      end = Math.max(end, microsToMs(s.startTime) + microsToMs(s.duration));
      const tags = trace.processes[s.processID]?.tags;
      if (tagOf(s, tags, 'error') === 'true' || tagOf(s, tags, 'otel.status_code') === 'ERROR') {
        errorCount += 1;
      }
    }
    root ??= first!;
    const start = microsToMs(first!.startTime);
    // summarize() reads the first span carrying the root's name (normally the root itself).
    let named: ModelSpan | undefined;
    let withApp: ModelSpan | undefined;
    for (const s of spans) {
      if (s.operationName === root.operationName && (!named || s.startTime < named.startTime)) {
        named = s;
      }
      const tags = trace.processes[s.processID]?.tags;
      if ((!withApp || s.startTime < withApp.startTime) && tagOf(s, tags, appIdKey)) withApp = s;
    }
    const head = named ?? first!;
    const headProcess = trace.processes[head.processID];
    const headSpark = spark(addTags(addTags({}, headProcess?.tags), head.tags));
    const appId =
      headSpark.appId ??
      (withApp ? tagOf(withApp, trace.processes[withApp.processID]?.tags, appIdKey) : undefined);
    summaries.push({
      traceId: spans[0]!.traceID,
      rootName: root.operationName,
      service: trace.processes[root.processID]?.serviceName ?? 'unknown',
      start,
      durationMs: Math.max(end, start) - start,
      spanCount: spans.length,
      errorCount,
      spark: { ...headSpark, ...(appId ? { appId } : {}) },
    });
  }
  return summaries;
}
