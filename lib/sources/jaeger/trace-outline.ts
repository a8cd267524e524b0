import { Buffer } from 'node:buffer';
import type { Span, SpanHead, Trace } from '@/lib/domain/types';
import { outlineOf, SPARK_KEYS } from '@/lib/domain/trace';
import { readAttribute, valueText } from './otlp-proto';
import { TracesDataStream, type TracesParts } from './otlp-stream';
import { KeySet, type Reader, StringTable } from './protobuf';
import * as tags from './otlp-tags';
import { DEFAULT_SPAN_ATTRIBUTES, type SpanAttributeNames, sparkReader } from './spark-attributes';

// Local constants, not imported bindings: read in the loops below for every field of every span
// (an imported binding is a property load each time under CommonJS, which doubled the writing time).
const {
  SPAN_ID,
  SPAN_PARENT_ID,
  SPAN_NAME,
  SPAN_START,
  SPAN_END,
  SPAN_ATTRIBUTE,
  SPAN_STATUS,
  STATUS_MESSAGE,
  STATUS_CODE,
  KV_KEY,
  KV_VALUE,
  ANY_STRING,
  ANY_INT,
  RESOURCE_ATTRIBUTE,
} = tags;
/**
 * A trace's OTLP protobuf (Jaeger's gRPC `GetTrace`) written straight into the JSON of its outline
 * (`TraceOutline` in lib/domain/schemas.ts) as its bytes arrive: ids become hex, times integers,
 * names and Spark ids copied, byte by byte into one growing column each — no string or object per span, so a
 * 40,000-span trace is written while it streams in. Same outline as `outlineOf` on the spans the
 * full decoder reads (checked on recorded answers in trace-outline.test.ts).
 */

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** "00" to "99", two bytes each. */
const DIGIT_PAIRS = Buffer.from(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''),
  'latin1',
);
const NULL = Buffer.from('null', 'latin1');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** Whether `buf` holds `bytes` at `at` (short ids: a loop beats a native call). */
function sameBytes(bytes: Buffer, buf: Buffer, at: number): boolean {
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i] !== buf[at + i]) return false;
  return true;
}

/** One column of the outline: a JSON array's items, written as bytes into a buffer that grows. */
class Column {
  private buf = Buffer.allocUnsafe(1 << 14);
  private length = 0;
  count = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** Room for an item of at most `bytes` bytes, after its comma. */
  private item(bytes: number): void {
    this.room(bytes + 1);
    if (this.count++ > 0) this.buf[this.length++] = COMMA;
  }

  /** `"…"`: the bytes of `src[from, to)` in lowercase hex ("" when empty). */
  hex(src: Buffer, from: number, to: number): void {
    this.item(2 + 2 * (to - from));
    const buf = this.buf;
    let at = this.length;
    buf[at++] = QUOTE;
    for (let i = from; i < to; i += 1) {
      const byte = src[i]!;
      buf[at++] = HEX[byte >> 4]!;
      buf[at++] = HEX[byte & 15]!;
    }
    buf[at++] = QUOTE;
    this.length = at;
  }

  /** A safe integer, in decimal. */
  int(n: number): void {
    this.item(17);
    if (n < 0 || n > 0x7fffffff) {
      this.length += this.buf.write(String(n), this.length, 'latin1');
      return;
    }
    const buf = this.buf;
    const digits =
      n < 10
        ? 1
        : n < 100
          ? 2
          : n < 1e3
            ? 3
            : n < 1e4
              ? 4
              : n < 1e5
                ? 5
                : n < 1e6
                  ? 6
                  : n < 1e7
                    ? 7
                    : n < 1e8
                      ? 8
                      : n < 1e9
                        ? 9
                        : 10;
    let at = this.length + digits;
    this.length = at;
    let v = n;
    // Two digits at a time.
    while (v >= 10) {
      const next = (v / 100) | 0;
      const pair = (v - next * 100) * 2;
      buf[--at] = DIGIT_PAIRS[pair + 1]!;
      buf[--at] = DIGIT_PAIRS[pair]!;
      v = next;
    }
    if (at > this.length - digits) buf[--at] = 0x30 + v;
  }

  /** A JSON string of UTF-8 bytes `src[from, to)`, escaped where JSON requires it. */
  string(src: Buffer, from: number, to: number): void {
    // At worst every byte a six-byte \u00XX escape.
    this.item(2 + 6 * (to - from));
    const buf = this.buf;
    let at = this.length;
    buf[at++] = QUOTE;
    for (let i = from; i < to; i += 1) {
      const byte = src[i]!;
      if (byte === QUOTE || byte === BACKSLASH) {
        buf[at++] = BACKSLASH;
        buf[at++] = byte;
      } else if (byte < 0x20) {
        at += buf.write(`\\u00${byte < 16 ? '0' : ''}${byte.toString(16)}`, at, 'latin1');
      } else buf[at++] = byte;
    }
    buf[at++] = QUOTE;
    this.length = at;
  }

  /** Bytes already JSON (null, or a string JSON.stringify wrote). */
  json(bytes: Buffer): void {
    this.item(bytes.length);
    bytes.copy(this.buf, this.length);
    this.length += bytes.length;
  }

  /** `times` nulls: a Spark-id column first met after `times` spans. */
  nulls(times: number): void {
    for (let i = 0; i < times; i += 1) this.json(NULL);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** What the outline's JSON is written from, and what the route checks before answering it. */
export interface OutlineJson {
  /** The JSON of a `TraceOutline`. */
  json: Buffer;
  spanCount: number;
  /** Services of the trace's resources (every one must be in the caller's scope). */
  services: string[];
}

/**
 * Reads one trace's `TracesData` message(s) as they arrive (`write`, then `end` per message) and
 * writes its outline. Throws ProtobufError on bytes that are not well-formed protobuf.
 */
export class TraceOutlineWriter implements TracesParts {
  private readonly stream = new TracesDataStream(this);
  private readonly keys: KeySet;
  private readonly sparkOf: (attributes: Record<string, string>) => Span['spark'];
  private readonly strings = new StringTable();
  private readonly resources: { service: string; spark: Span['spark'] }[] = [];
  private readonly statusMessages: [number, string][] = [];
  private spans = 0;
  private baseUs: number | undefined;
  private readonly spanId = new Column();
  private readonly parentSpanId = new Column();
  private readonly name = new Column();
  private readonly resourceColumn = new Column();
  private readonly startUs = new Column();
  private readonly durationUs = new Column();
  private readonly status = new Column();
  private readonly spark: (Column | undefined)[] = SPARK_KEYS.map(() => undefined);
  /** Per Spark id, where the current span's value (an AnyValue) starts and ends; -1: none. */
  private readonly valueFrom = SPARK_KEYS.map(() => -1);
  private readonly valueTo = SPARK_KEYS.map(() => -1);
  /** Per Spark id, the current resource's value as UTF-8: a span repeating it writes null. */
  private resourceValues: (Buffer | undefined)[] = SPARK_KEYS.map(() => undefined);

  constructor(
    private readonly traceId: string,
    names: SpanAttributeNames = DEFAULT_SPAN_ATTRIBUTES,
  ) {
    this.keys = new KeySet(SPARK_KEYS.map((key) => names[key]));
    this.sparkOf = sparkReader(names);
  }

  write(bytes: Buffer): void {
    this.stream.write(bytes);
  }

  endMessage(): void {
    this.stream.end();
  }

  beginResourceSpans(): void {
    this.resources.push({ service: 'unknown', spark: {} });
    this.resourceValues = SPARK_KEYS.map(() => undefined);
  }

  resource(r: Reader, end: number): void {
    const attributes: Record<string, string> = {};
    while (r.pos < end) {
      const t = r.tag();
      if (t === RESOURCE_ATTRIBUTE) readAttribute(r, this.strings, attributes);
      else r.skip(t & 7);
    }
    r.leave(end);
    const spark = this.sparkOf(attributes);
    this.resources[this.resources.length - 1] = {
      service: attributes['service.name'] ?? 'unknown',
      spark,
    };
    this.resourceValues = SPARK_KEYS.map((key) => {
      const value = spark[key];
      return value === undefined ? undefined : Buffer.from(value, 'utf8');
    });
  }

  span(r: Reader, end: number): void {
    const buf = r.buf;
    const valueFrom = this.valueFrom;
    valueFrom.fill(-1);
    let idFrom = 0;
    let idTo = 0;
    let parentFrom = 0;
    let parentTo = 0;
    let nameFrom = 0;
    let nameTo = 0;
    let start = 0;
    let finish = 0;
    let status = 0;
    let statusMessage = '';
    while (r.pos < end) {
      // Every tag of a span is one byte: read in place, the general reader for anything longer.
      const first = buf[r.pos]!;
      const t = first < 0x80 ? (r.pos++, first) : r.tag();
      if (t === SPAN_ATTRIBUTE) this.attribute(r);
      else if (t === SPAN_ID) {
        idTo = r.enter();
        idFrom = r.pos;
        r.pos = idTo;
      } else if (t === SPAN_PARENT_ID) {
        parentTo = r.enter();
        parentFrom = r.pos;
        r.pos = parentTo;
      } else if (t === SPAN_NAME) {
        nameTo = r.enter();
        nameFrom = r.pos;
        r.pos = nameTo;
      } else if (t === SPAN_START) start = r.nanosAsMicros();
      else if (t === SPAN_END) finish = r.nanosAsMicros();
      else if (t === SPAN_STATUS) {
        const statusEnd = r.enter();
        while (r.pos < statusEnd) {
          const st = r.tag();
          if (st === STATUS_MESSAGE) statusMessage = r.string();
          else if (st === STATUS_CODE) status = r.varint();
          else r.skip(st & 7);
        }
        r.leave(statusEnd);
      } else r.skip(t & 7);
    }
    r.leave(end);
    const index = this.spans++;
    this.baseUs ??= start;
    this.spanId.hex(buf, idFrom, idTo);
    this.parentSpanId.hex(buf, parentFrom, parentTo);
    this.name.string(buf, nameFrom, nameTo);
    this.resourceColumn.int(this.resources.length - 1);
    this.startUs.int(start - this.baseUs);
    this.durationUs.int(finish - start);
    this.status.int(status <= 2 ? status : 0);
    if (statusMessage) this.statusMessages.push([index, statusMessage]);
    for (let slot = 0; slot < valueFrom.length; slot += 1) {
      const from = valueFrom[slot]!;
      let column = this.spark[slot];
      if (from < 0) {
        column?.json(NULL);
        continue;
      }
      const to = this.valueTo[slot]!;
      if (this.sameAsResource(slot, buf, from, to)) {
        column?.json(NULL);
        continue;
      }
      if (!column) {
        column = this.spark[slot] = new Column();
        column.nulls(index);
      }
      this.value(column, r, from, to);
    }
    r.pos = end;
  }

  /** Whether an AnyValue is the string the resource gives this Spark id. */
  private sameAsResource(slot: number, buf: Buffer, from: number, to: number): boolean {
    const resource = this.resourceValues[slot];
    if (!resource) return false;
    // A string AnyValue: its tag, its length (one byte for ids under 128 bytes), its bytes.
    const start = from + 2;
    return (
      buf[from] === ANY_STRING &&
      buf[from + 1] === resource.length &&
      resource.length < 128 &&
      to - start === resource.length &&
      sameBytes(resource, buf, start)
    );
  }

  /** A `KeyValue` at the cursor: noted when its key names a Spark id, skipped otherwise. */
  private attribute(r: Reader): void {
    // The usual shape read in place: a KeyValue under 128 bytes, its key first then its value,
    // each under 128 bytes (one-byte lengths); anything else through the general reader below.
    const buf = r.buf;
    const at = r.pos;
    const length = buf[at]!;
    const keyLength = buf[at + 2]!;
    const valueTag = at + 3 + keyLength;
    if (
      length < 0x80 &&
      buf[at + 1] === KV_KEY &&
      keyLength < 0x80 &&
      buf[valueTag] === KV_VALUE &&
      buf[valueTag + 1]! < 0x80 &&
      valueTag + 2 + buf[valueTag + 1]! === at + 1 + length &&
      at + 1 + length <= r.end
    ) {
      r.pos = at + 1 + length;
      const slot = this.keys.indexOf(buf, at + 3, valueTag);
      if (slot >= 0) {
        this.valueFrom[slot] = valueTag + 2;
        this.valueTo[slot] = r.pos;
      }
      return;
    }
    const end = r.enter();
    let slot = -1;
    let from = -1;
    let to = -1;
    while (r.pos < end) {
      const t = r.tag();
      if (t === KV_KEY) slot = r.matched(this.keys);
      else if (t === KV_VALUE) {
        to = r.enter();
        from = r.pos;
        r.pos = to;
      } else r.skip(t & 7);
    }
    r.leave(end);
    if (slot >= 0 && from >= 0) {
      this.valueFrom[slot] = from;
      this.valueTo[slot] = to;
    }
  }

  /** An AnyValue's text as a JSON string: a string's bytes copied, an int's digits, else as text. */
  private value(column: Column, r: Reader, from: number, to: number): void {
    r.pos = from;
    if (from < to) {
      const t = r.tag();
      if (t === ANY_STRING) {
        const stringEnd = r.enter();
        if (stringEnd === to) return column.string(r.buf, r.pos, stringEnd);
      } else if (t === ANY_INT) {
        const digits = r.int64Text();
        if (r.pos === to) return column.json(Buffer.from(`"${digits}"`, 'latin1'));
      }
      r.pos = from;
    }
    column.json(Buffer.from(JSON.stringify(valueText(r, to, undefined)), 'utf8'));
  }

  /** The outline's JSON; undefined when no span came (an unknown trace id). */
  finish(): OutlineJson | undefined {
    if (this.spans === 0) return undefined;
    const head = {
      traceId: this.traceId,
      spanCount: this.spans,
      baseUs: this.baseUs ?? 0,
      resources: this.resources,
      statusMessages: this.statusMessages,
    };
    const parts: Buffer[] = [Buffer.from(JSON.stringify(head).slice(0, -1), 'utf8')];
    const column = (key: string, c: Column) =>
      parts.push(Buffer.from(`,"${key}":[`, 'latin1'), c.bytes(), Buffer.from(']', 'latin1'));
    column('spanId', this.spanId);
    column('parentSpanId', this.parentSpanId);
    column('name', this.name);
    column('resource', this.resourceColumn);
    column('startUs', this.startUs);
    column('durationUs', this.durationUs);
    column('status', this.status);
    parts.push(Buffer.from(',"spark":{', 'latin1'));
    let first = true;
    SPARK_KEYS.forEach((key, slot) => {
      const c = this.spark[slot];
      if (!c) return;
      parts.push(Buffer.from(`${first ? '' : ','}"${key}":[`, 'latin1'), c.bytes());
      parts.push(Buffer.from(']', 'latin1'));
      first = false;
    });
    parts.push(Buffer.from('}}', 'latin1'));
    return {
      json: Buffer.concat(parts),
      spanCount: this.spans,
      services: [...new Set(this.resources.map((r) => r.service))],
    };
  }
}

/** The outline's JSON of a trace already read whole (Jaeger's HTTP APIs). */
export function outlineJsonOf(trace: Trace<SpanHead>): OutlineJson {
  return {
    json: Buffer.from(JSON.stringify(outlineOf(trace.traceId, trace.spans)), 'utf8'),
    spanCount: trace.spans.length,
    services: [...new Set(trace.spans.map((s) => s.service))],
  };
}
