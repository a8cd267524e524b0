import { z } from 'zod';
import type { Span } from '@/lib/api/types';
import { microsToMs } from '../units';
import { type SpanAttributeNames, sparkOf } from './spark-attributes';

const tag = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });

/** Jaeger's internal `/api/traces` model (what Jaeger UI reads): times in microseconds. */
export const apiTracesResponse = z.object({
  data: z
    .array(
      z.object({
        traceID: z.string(),
        spans: z.array(
          z.object({
            traceID: z.string(),
            spanID: z.string(),
            operationName: z.string(),
            references: z.array(z.object({ refType: z.string(), spanID: z.string() })).nullish(),
            startTime: z.number(),
            duration: z.number(),
            tags: z.array(tag).nullish(),
            processID: z.string(),
          }),
        ),
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

export function modelToTraces(
  body: z.infer<typeof apiTracesResponse>,
  names?: SpanAttributeNames,
): Span[][] {
  return (body.data ?? []).map((trace) =>
    trace.spans.map((s) => {
      const process = trace.processes[s.processID];
      const attributes: Record<string, string> = {};
      for (const t of process?.tags ?? []) attributes[t.key] = text(t.value);
      for (const t of s.tags ?? []) attributes[t.key] = text(t.value);
      const parent = s.references?.find((r) => r.refType === 'CHILD_OF');
      const error = attributes.error === 'true' || attributes['otel.status_code'] === 'ERROR';
      return {
        traceId: s.traceID,
        spanId: s.spanID,
        ...(parent ? { parentSpanId: parent.spanID } : {}),
        name: s.operationName,
        service: process?.serviceName ?? 'unknown',
        start: microsToMs(s.startTime),
        durationMs: microsToMs(s.duration),
        attributes,
        status: error ? 'error' : 'unset',
        ...(attributes['otel.status_description']
          ? { statusMessage: attributes['otel.status_description'] }
          : {}),
        spark: sparkOf(attributes, names),
      } satisfies Span;
    }),
  );
}
