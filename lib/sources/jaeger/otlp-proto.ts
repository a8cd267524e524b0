import { Buffer } from 'node:buffer';
import { SPAN_STATUSES, SPARK_KEYS } from '@/lib/domain/trace';
import type { Span, SpanHead } from '@/lib/domain/types';
import { readResourceSpans, TracesDataStream, type TracesParts } from './otlp-stream';
import { KeySet, Reader, StringTable, Writer } from './protobuf';
import * as tags from './otlp-tags';
import { DEFAULT_SPAN_ATTRIBUTES, type SpanAttributeNames, sparkReader } from './spark-attributes';
import type { TraceSearch } from './search';

/**
 * Jaeger's gRPC API v3 in protobuf: the FindTraces request, and the OTLP `TracesData` it streams
 * back (one message per trace) read straight into domain spans. Same spans as `otlpToSpans` on
 * the JSON of the HTTP API; field numbers from opentelemetry/proto/trace/v1/trace.proto and
 * jaeger-idl proto/api_v3/query_service.proto.
 */

const timestamp = (ms: number) =>
  new Writer().uint(1, Math.floor(ms / 1000)).uint(2, (ms % 1000) * 1_000_000);

/**
 * `jaeger.api_v3.FindTracesRequest`; attributes travel as a map, never pasted into a query.
 *
 * `raw_traces` is set. Jaeger v2.13 merges the traces of a non-raw search through an iterator
 * (`jptrace.AggregateTraces`) that calls on after its consumer stopped; when the console cancels
 * a search mid-stream (a deadline, a closed browser tab), the gRPC handler stops and Jaeger dies
 * with "panic: range function continued iteration after function for loop body returned false".
 * Seen on our stack; the raw path stops cleanly. What raw gives up is Jaeger's adjusters (clock
 * skew, duplicate spans), which a summary of one Spark process's spans does not need.
 */
export function findTracesRequest(query: TraceSearch): Uint8Array {
  const params = new Writer()
    .string(1, query.service)
    .message(4, timestamp(query.from))
    .message(5, timestamp(query.to))
    .uint(8, query.limit)
    .uint(9, 1);
  for (const [key, value] of Object.entries(query.tags)) {
    params.message(3, new Writer().string(1, key).string(2, value));
  }
  return new Writer().message(1, params).finish();
}

// Local constants, not imported bindings: compared for every field of every span (an imported
// binding is a property load each time under CommonJS, which doubled the decoding time).
const {
  ANY_STRING,
  ANY_BOOL,
  ANY_INT,
  ANY_DOUBLE,
  ANY_ARRAY,
  ANY_KVLIST,
  ANY_BYTES,
  KV_KEY,
  KV_VALUE,
  LIST_VALUE,
  SPAN_TRACE_ID,
  SPAN_ID,
  SPAN_PARENT_ID,
  SPAN_NAME,
  SPAN_START,
  SPAN_END,
  SPAN_ATTRIBUTE,
  SPAN_STATUS,
  STATUS_MESSAGE,
  STATUS_CODE,
  RESOURCE_ATTRIBUTE,
  TRACES_RESOURCE_SPANS,
  SERVICES_NAME,
} = tags;

type Json = string | boolean | number | Json[] | { [key: string]: Json };

/** An `AnyValue` (cursor inside it, ending at `end`) in the OTLP JSON form `otlpToSpans` prints. */
function anyValueJson(r: Reader, end: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  while (r.pos < end) {
    const t = r.tag();
    if (t === ANY_STRING) out.stringValue = r.string();
    else if (t === ANY_BOOL) out.boolValue = r.varint() !== 0;
    else if (t === ANY_INT) out.intValue = r.int64().toString();
    else if (t === ANY_DOUBLE) out.doubleValue = r.double();
    else if (t === ANY_ARRAY) out.arrayValue = { values: repeatedJson(r, r.enter(), anyValueJson) };
    else if (t === ANY_KVLIST)
      out.kvlistValue = { values: repeatedJson(r, r.enter(), keyValueJson) };
    else if (t === ANY_BYTES) out.bytesValue = r.base64();
    else r.skip(t & 7);
  }
  r.leave(end);
  return out;
}

/** The messages of field 1 (`ArrayValue.values`, `KeyValueList.values`), each read by `item`. */
function repeatedJson(
  r: Reader,
  end: number,
  item: (r: Reader, end: number) => Record<string, Json>,
): Json[] {
  const values: Json[] = [];
  while (r.pos < end) {
    const t = r.tag();
    if (t === LIST_VALUE) values.push(item(r, r.enter()));
    else r.skip(t & 7);
  }
  r.leave(end);
  return values;
}

function keyValueJson(r: Reader, end: number): Record<string, Json> {
  const entry: Record<string, Json> = { key: '' };
  while (r.pos < end) {
    const t = r.tag();
    if (t === KV_KEY) entry.key = r.string();
    else if (t === KV_VALUE) entry.value = anyValueJson(r, r.enter());
    else r.skip(t & 7);
  }
  r.leave(end);
  return entry;
}

/**
 * An `AnyValue` as the text `otlpToSpans` gives it: scalars as strings, the rest as JSON. Strings
 * go through `strings` when given (values that repeat from span to span).
 */
export function valueText(r: Reader, end: number, strings: StringTable | undefined): string {
  if (r.pos === end) return '{}';
  // The common case, a value holding only a string, is read without building an object.
  const start = r.pos;
  if (r.tag() === ANY_STRING) {
    const text = strings ? r.interned(strings) : r.string();
    if (r.pos === end) return text;
  }
  r.pos = start;
  // Scalars alone (task numbers, byte counts, flags) are printed without building an object.
  const t = r.tag();
  if (t === ANY_INT || t === ANY_BOOL || t === ANY_DOUBLE) {
    const text =
      t === ANY_INT
        ? r.int64Text()
        : t === ANY_BOOL
          ? String(r.varint() !== 0)
          : String(r.double());
    if (r.pos === end) return text;
  }
  r.pos = start;
  const value = anyValueJson(r, end);
  if (value.stringValue !== undefined) return value.stringValue as string;
  if (value.intValue !== undefined) return value.intValue as string;
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  return JSON.stringify(value);
}

// Local bindings of the domain's lists: read for every span.
const STATUS = SPAN_STATUSES;

/** Where the ids of a span go when only they are read: one slot per Spark id, in this order. */
const SLOT_KEYS = SPARK_KEYS;
type Slots = (string | undefined)[];
/** Filled, not holey: a span copies its resource's slots and writes inside their bounds. */
const emptySlots = (): Slots => new Array<string | undefined>(SLOT_KEYS.length).fill(undefined);

interface Context {
  resource: Record<string, string>;
  resourceSlots: Slots;
  service: string;
  spark: (attributes: Record<string, string>) => Span['spark'];
  strings: StringTable;
  /**
   * Heads only: the attribute names of the Spark ids (index = slot) then `service.name`; every
   * other attribute is skipped with its key undecoded.
   */
  slotKeys: KeySet | undefined;
  into: (Span | SpanHead)[];
}

const SERVICE_NAME = 'service.name';
const SERVICE_SLOT = SLOT_KEYS.length;
/**
 * Per slot (then the service name), whether its value goes through the string table: ids that
 * repeat on every span of an answer do; batch, job and stage ids change from span to span.
 */
const INTERNED_SLOT = [
  ...SLOT_KEYS.map((key) => key === 'appId' || key === 'appName' || key === 'queryName'),
  true,
];

/** The `KeyValue` at the cursor, into an attribute map (every attribute) or slots (Spark ids). */
function readKeyValue(r: Reader, ctx: Context, into: Record<string, string>, slots: Slots): void {
  if (ctx.slotKeys) readSlot(r, ctx, ctx.slotKeys, into, slots);
  else readAttribute(r, ctx.strings, into);
}

/** The `KeyValue` at the cursor into `into`, its value as text (see `valueText`). */
export function readAttribute(r: Reader, strings: StringTable, into: Record<string, string>): void {
  const end = r.enter();
  let key = '';
  let value = '';
  while (r.pos < end) {
    const t = r.tag();
    if (t === KV_KEY) key = r.interned(strings);
    else if (t === KV_VALUE) value = valueText(r, r.enter(), strings);
    else r.skip(t & 7);
  }
  r.leave(end);
  into[key] = value;
}

/** Heads: the `KeyValue` at the cursor into its slot if it is a Spark id (or the service name). */
function readSlot(
  r: Reader,
  ctx: Context,
  keys: KeySet,
  into: Record<string, string>,
  slots: Slots,
): void {
  const end = r.enter();
  let slot = -1;
  // Encoders write the key first; a value before its key (legal protobuf) is read once known.
  let valueAt = -1;
  while (r.pos < end) {
    const t = r.tag();
    if (t === KV_KEY) slot = r.matched(keys);
    else {
      if (t === KV_VALUE) valueAt = r.pos;
      r.skip(t & 7);
    }
  }
  r.leave(end);
  if (slot < 0) return;
  let value = '';
  if (valueAt >= 0) {
    r.pos = valueAt;
    value = valueText(r, r.enter(), INTERNED_SLOT[slot] ? ctx.strings : undefined);
    r.pos = end;
  }
  if (slot === SERVICE_SLOT) into[SERVICE_NAME] = value;
  else slots[slot] = value;
}

/** The Spark ids of filled slots, with the same rule as `sparkReader` (empty means absent). */
function sparkOfSlots(slots: Slots): Span['spark'] {
  const out: Span['spark'] = {};
  // Fixed property order keeps every span's object on one hidden class.
  if (slots[0]) out.appId = slots[0];
  if (slots[1]) out.appName = slots[1];
  if (slots[2]) out.queryName = slots[2];
  if (slots[3]) out.batchId = slots[3];
  if (slots[4]) out.jobId = slots[4];
  if (slots[5]) out.stageId = slots[5];
  return out;
}

function readSpan(r: Reader, end: number, ctx: Context): void {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let start = 0;
  let finish = 0;
  const attributes: Record<string, string> = ctx.slotKeys ? {} : { ...ctx.resource };
  const slots = ctx.slotKeys ? ctx.resourceSlots.slice() : ctx.resourceSlots;
  let status: Span['status'] = 'unset';
  let statusMessage = '';
  while (r.pos < end) {
    const t = r.tag();
    if (t === SPAN_TRACE_ID) traceId = r.hex();
    else if (t === SPAN_ID) spanId = r.hex();
    else if (t === SPAN_PARENT_ID) parentSpanId = r.hex();
    else if (t === SPAN_NAME) name = r.interned(ctx.strings);
    else if (t === SPAN_START) start = r.nanosAsMs();
    else if (t === SPAN_END) finish = r.nanosAsMs();
    else if (t === SPAN_ATTRIBUTE) readKeyValue(r, ctx, attributes, slots);
    else if (t === SPAN_STATUS) {
      const statusEnd = r.enter();
      while (r.pos < statusEnd) {
        const st = r.tag();
        if (st === STATUS_MESSAGE) statusMessage = r.string();
        else if (st === STATUS_CODE) status = STATUS[r.varint()] ?? 'unset';
        else r.skip(st & 7);
      }
      r.leave(statusEnd);
    } else r.skip(t & 7);
  }
  r.leave(end);
  // Object literals rather than spreads: this runs once per span of a search answer.
  const span: SpanHead = {
    traceId,
    spanId,
    name,
    service: ctx.service,
    start,
    durationMs: finish - start,
    status,
    spark: ctx.slotKeys ? sparkOfSlots(slots) : ctx.spark(attributes),
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  if (statusMessage) span.statusMessage = statusMessage;
  if (!ctx.slotKeys) (span as Span).attributes = attributes;
  ctx.into.push(span);
}

/** Whether the span at the cursor (ending at `end`) has the id `id`; the cursor stays. */
function hasSpanId(r: Reader, end: number, id: Buffer): boolean {
  const start = r.pos;
  let found = false;
  while (r.pos < end) {
    const t = r.tag();
    if (t === SPAN_ID) {
      const idEnd = r.enter();
      found = id.compare(r.buf, r.pos, idEnd) === 0;
      break;
    }
    r.skip(t & 7);
  }
  r.pos = start;
  return found;
}

function beginResourceSpans(ctx: Context): void {
  ctx.resource = {};
  ctx.resourceSlots = emptySlots();
  ctx.service = 'unknown';
}

/** A `Resource` (cursor inside it, ending at `end`): its attributes and service name. */
function readResource(r: Reader, end: number, ctx: Context): void {
  while (r.pos < end) {
    const rt = r.tag();
    if (rt === RESOURCE_ATTRIBUTE) readKeyValue(r, ctx, ctx.resource, ctx.resourceSlots);
    else r.skip(rt & 7);
  }
  r.leave(end);
  ctx.service = ctx.resource[SERVICE_NAME] ?? 'unknown';
}

/**
 * Reads `TracesData` messages one at a time as they arrive, into spans (every attribute) or span
 * heads (Spark ids only). Throws ProtobufError on bytes that are not well-formed protobuf.
 */
export class TracesDecoder<S extends Span | SpanHead> {
  readonly spans: S[] = [];
  private readonly ctx: Context;

  private constructor(names: SpanAttributeNames, heads: boolean, only?: string) {
    this.ctx = {
      resource: {},
      resourceSlots: emptySlots(),
      service: 'unknown',
      spark: sparkReader(names),
      strings: new StringTable(),
      slotKeys: heads
        ? new KeySet([...SLOT_KEYS.map((key) => names[key]), SERVICE_NAME])
        : undefined,
      into: this.spans,
    };
    const ctx = this.ctx;
    const onlyId = Buffer.from(only ?? '', 'hex');
    this.parts = {
      beginResourceSpans: () => beginResourceSpans(ctx),
      resource: (r, end) => readResource(r, end, ctx),
      span: only
        ? (r, end) => (hasSpanId(r, end, onlyId) ? readSpan(r, end, ctx) : (r.pos = end))
        : (r, end) => readSpan(r, end, ctx),
    };
  }

  /** Spans with every attribute; with `only`, the span of that id alone (the others skipped). */
  static spans(
    names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES,
    only?: string,
  ): TracesDecoder<Span> {
    return new TracesDecoder<Span>(names, false, only);
  }

  /**
   * Span heads for trace summaries: only the Spark id attributes are decoded, every other value
   * is skipped unread (5 → 2 ms on a 1,430-span search answer).
   */
  static heads(names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES): TracesDecoder<SpanHead> {
    return new TracesDecoder<SpanHead>(names, true);
  }

  private readonly parts: TracesParts;

  push(message: Uint8Array): void {
    const r = new Reader(message);
    while (r.pos < r.end) {
      const t = r.tag();
      if (t === TRACES_RESOURCE_SPANS) readResourceSpans(r, r.enter(), this.parts);
      else r.skip(t & 7);
    }
  }

  private stream: TracesDataStream | undefined;

  /**
   * Part of a message, as it arrives: every span whose bytes are complete is read now, so
   * decoding overlaps the transfer. `endMessage()` closes each message.
   */
  pushPart(bytes: Buffer): void {
    this.stream ??= new TracesDataStream(this.parts);
    this.stream.write(bytes);
  }

  endMessage(): void {
    this.stream?.end();
  }

  /** Whole messages (a recorded answer): the spans of all of them. */
  pushAll(messages: Uint8Array[]): S[] {
    for (const message of messages) this.push(message);
    return this.spans;
  }
}

/**
 * `jaeger.api_v3.GetTraceRequest`, raw for the same reason as the search: Jaeger 2.13 reads a
 * trace through the same iterator, which panics when a non-raw read is cancelled mid-stream.
 */
export function getTraceRequest(traceId: string): Uint8Array {
  return new Writer().string(1, traceId).uint(4, 1).finish();
}

/** The services of a `jaeger.api_v3.GetServicesResponse`. */
export function servicesOf(message: Uint8Array): string[] {
  const r = new Reader(message);
  const services: string[] = [];
  while (r.pos < r.end) {
    const t = r.tag();
    if (t === SERVICES_NAME) services.push(r.string());
    else r.skip(t & 7);
  }
  return services;
}
