import { z } from 'zod';
import type { Span } from '@/lib/domain/types';
import { nanosToMs } from '../units';
import { type SpanAttributeNames, sparkOf } from './spark-attributes';

const anyValue = z
  .object({
    stringValue: z.string().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    boolValue: z.boolean().optional(),
  })
  .passthrough();
const keyValue = z.object({ key: z.string(), value: anyValue.optional() });

const otlpSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  startTimeUnixNano: z.union([z.string(), z.number()]),
  endTimeUnixNano: z.union([z.string(), z.number()]),
  attributes: z.array(keyValue).optional(),
  status: z
    .object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() })
    .optional(),
});

/** Jaeger API v3 GET /api/v3/traces/{id}: OTLP JSON under `result`. */
export const v3TraceResponse = z.object({
  result: z.object({
    resourceSpans: z.array(
      z.object({
        resource: z.object({ attributes: z.array(keyValue).optional() }).optional(),
        scopeSpans: z.array(z.object({ spans: z.array(otlpSpan).optional() })).optional(),
      }),
    ),
  }),
});

function valueText(value: z.infer<typeof anyValue> | undefined): string {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  return JSON.stringify(value);
}

const attributeMap = (list: z.infer<typeof keyValue>[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, valueText(kv.value)]));

const STATUS: Record<string, Span['status']> = {
  '0': 'unset',
  '1': 'ok',
  '2': 'error',
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
  STATUS_CODE_UNSET: 'unset',
};

export function otlpToSpans(
  body: z.infer<typeof v3TraceResponse>,
  names?: SpanAttributeNames,
): Span[] {
  const spans: Span[] = [];
  for (const rs of body.result.resourceSpans) {
    const resource = attributeMap(rs.resource?.attributes);
    const service = resource['service.name'] ?? 'unknown';
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const attributes = { ...resource, ...attributeMap(s.attributes) };
        const start = nanosToMs(s.startTimeUnixNano);
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          service,
          start,
          durationMs: nanosToMs(s.endTimeUnixNano) - start,
          attributes,
          status: STATUS[String(s.status?.code ?? '0')] ?? 'unset',
          ...(s.status?.message ? { statusMessage: s.status.message } : {}),
          spark: sparkOf(attributes, names),
        });
      }
    }
  }
  return spans;
}
