import { Buffer } from 'node:buffer';
import type { Span, SpanHead, Trace } from '@/lib/domain/types';
import { outlineOf, SPARK_KEYS } from '@/lib/domain/trace';
import { readAttribute, valueText } from './otlp-proto';
import { TracesDataStream, type TracesParts } from './otlp-stream';
import type { OutlineJson } from './search';
import { KeySet, Reader, StringTable } from './protobuf';
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

/** Whether `buf[from, to)` holds `bytes` (short values: a loop beats a native call). */
function sameBytes(bytes: Buffer, buf: Buffer, from: number, to: number): boolean {
  if (to - from !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i] !== buf[from + i]) return false;
  return true;
}

/** One column of the outline: a JSON array's items, written as bytes into a buffer that grows. */
class Column {
  private buf = Buffer.allocUnsafe(1 << 14);
  private length = 0;
  count = 0;
  /** The items before an open inner array. */
  private inner = 0;

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

  /** `[` of an item that is an array: its own items follow, then `close()`. */
  open(): void {
    this.item(1);
    this.buf[this.length++] = 0x5b;
    this.inner = this.count;
    this.count = 0;
  }

  close(): void {
    this.room(1);
    this.buf[this.length++] = 0x5d;
    this.count = this.inner;
  }

  /** Bytes already JSON (null, or a string JSON.stringify wrote). */
  json(bytes: Buffer): void {
    this.item(bytes.length);
    bytes.copy(this.buf, this.length);
    this.length += bytes.length;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * A column of runs, `[[count, value], …]`: equal values of consecutive spans (the resource, the
 * status, a Spark id) written once. Values are compared by their bytes as they come.
 */
class Runs {
  readonly column = new Column();
  private count = 0;
  /** The current run's value: its raw bytes (a copy), null for none; undefined before the first. */
  private value: Buffer | null | undefined;
  private int = -1;

  constructor(
    private readonly write: (column: Column, value: Buffer | null, int: number) => void,
  ) {}

  /** The next span's value: `buf[from, to)`, or none when `from` < 0. */
  bytes(buf: Buffer, from: number, to: number): void {
    const value = this.value;
    if (
      value !== undefined &&
      (from < 0 ? value === null : value !== null && sameBytes(value, buf, from, to))
    ) {
      this.count += 1;
      return;
    }
    this.flush();
    this.value = from < 0 ? null : Buffer.from(buf.subarray(from, to));
    this.count = 1;
  }

  /** The next span's value, an integer. */
  number(n: number): void {
    if (this.count > 0 && n === this.int) {
      this.count += 1;
      return;
    }
    this.flush();
    this.value = null;
    this.int = n;
    this.count = 1;
  }

  /** Whether every span so far has none (a Spark-id column left out of the outline). */
  empty(): boolean {
    return this.value === undefined || (this.value === null && this.column.count === 0);
  }

  finish(): Buffer {
    this.flush();
    return this.column.bytes();
  }

  private flush(): void {
    if (this.count === 0) return;
    this.column.open();
    this.column.int(this.count);
    this.write(this.column, this.value ?? null, this.int);
    this.column.close();
    this.count = 0;
  }
}

/**
 * Reads one trace's `TracesData` message(s) as they arrive (`write`, then `end` per message) and
 * writes its outline. Spans are written as they come, before their resource when it comes last
 * (as Jaeger 2.13 writes it). Throws ProtobufError on bytes that are not well-formed protobuf.
 */
export class TraceOutlineWriter implements TracesParts {
  readonly spansBeforeResource = true;
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
  private readonly startUs = new Column();
  private readonly durationUs = new Column();
  private readonly resourceRuns = new Runs((column, _, n) => column.int(n));
  private readonly status = new Runs((column, _, n) => column.int(n));
  private readonly spark = SPARK_KEYS.map(
    () =>
      new Runs((column, value) =>
        value === null ? column.json(NULL) : writeValue(column, new Reader(value), value.length),
      ),
  );
  /** Per Spark id, where the current span's value (an AnyValue) starts and ends; -1: none. */
  private readonly valueFrom = SPARK_KEYS.map(() => -1);
  private readonly valueTo = SPARK_KEYS.map(() => -1);

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
  }

  resource(r: Reader, end: number): void {
    const attributes: Record<string, string> = {};
    while (r.pos < end) {
      const t = r.tag();
      if (t === RESOURCE_ATTRIBUTE) readAttribute(r, this.strings, attributes);
      else r.skip(t & 7);
    }
    r.leave(end);
    this.resources[this.resources.length - 1] = {
      service: attributes['service.name'] ?? 'unknown',
      spark: this.sparkOf(attributes),
    };
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
    this.startUs.int(start - this.baseUs);
    this.durationUs.int(finish - start);
    this.resourceRuns.number(this.resources.length - 1);
    this.status.number(status <= 2 ? status : 0);
    if (statusMessage) this.statusMessages.push([index, statusMessage]);
    for (let slot = 0; slot < valueFrom.length; slot += 1)
      this.spark[slot]!.bytes(buf, valueFrom[slot]!, this.valueTo[slot]!);
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
    const column = (key: string, bytes: Buffer) =>
      parts.push(Buffer.from(`,"${key}":[`, 'latin1'), bytes, Buffer.from(']', 'latin1'));
    column('spanId', this.spanId.bytes());
    column('parentSpanId', this.parentSpanId.bytes());
    column('name', this.name.bytes());
    column('startUs', this.startUs.bytes());
    column('durationUs', this.durationUs.bytes());
    column('resource', this.resourceRuns.finish());
    column('status', this.status.finish());
    parts.push(Buffer.from(',"spark":{', 'latin1'));
    let first = true;
    SPARK_KEYS.forEach((key, slot) => {
      const runs = this.spark[slot]!;
      if (runs.empty()) return;
      const bytes = runs.finish();
      parts.push(Buffer.from(`${first ? '' : ','}"${key}":[`, 'latin1'), bytes);
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

/**
 * An AnyValue (cursor at its first byte, ending at `end`) as a JSON string of its text: a
 * string's bytes copied, an int's digits, anything else as `valueText` gives it.
 */
function writeValue(column: Column, r: Reader, end: number): void {
  const from = r.pos;
  if (from < end) {
    const t = r.tag();
    if (t === ANY_STRING) {
      const stringEnd = r.enter();
      if (stringEnd === end) return column.string(r.buf, r.pos, stringEnd);
    } else if (t === ANY_INT) {
      const digits = r.int64Text();
      if (r.pos === end) return column.json(Buffer.from(`"${digits}"`, 'latin1'));
    }
    r.pos = from;
  }
  column.json(Buffer.from(JSON.stringify(valueText(r, end, undefined)), 'utf8'));
}

/** The outline's JSON of a trace already read whole (Jaeger's HTTP APIs). */
export function outlineJsonOf(trace: Trace<SpanHead>): OutlineJson {
  return {
    json: Buffer.from(JSON.stringify(outlineOf(trace.traceId, trace.spans)), 'utf8'),
    spanCount: trace.spans.length,
    services: [...new Set(trace.spans.map((s) => s.service))],
  };
}
