import { Buffer } from 'node:buffer';
import { ProtobufError, Reader, WIRE } from './protobuf';
import * as tags from './otlp-tags';

// Local constants, not imported bindings: compared for every field of every span (an imported
// binding is a property load each time under CommonJS, which doubled the decoding time).
const { RESOURCE_SPANS_RESOURCE, RESOURCE_SPANS_SCOPE, SCOPE_SPAN, TRACES_RESOURCE_SPANS } = tags;

const BYTES = WIRE.bytes;

/**
 * The messages a streamed `TracesData` is cut into, each handed over whole with the reader's
 * cursor at its first byte and `end` its end: spans one by one as their bytes arrive, so decoding
 * a 17 MB trace overlaps its transfer instead of waiting for the last byte.
 */
export interface TracesParts {
  /** A new `ResourceSpans` starts: forget the previous resource. */
  beginResourceSpans(): void;
  /** Its `Resource`, which comes before its spans. */
  resource(r: Reader, end: number): void;
  /** One `Span` of the current resource. */
  span(r: Reader, end: number): void;
  /**
   * Set when spans may come before their resource (`resource` then follows them): a
   * `ResourceSpans` is then streamed whatever its fields' order, not read whole when its resource
   * comes last (as Jaeger 2.13 writes it).
   */
  readonly spansBeforeResource?: boolean;
}

/**
 * A whole `ResourceSpans` (cursor inside it, ending at `end`) handed to `parts`: its resource
 * first, then its spans. Every encoder we know writes the resource (field 1) first, but protobuf
 * allows any order: the scope spans are noted and read once the resource is known.
 */
export function readResourceSpans(r: Reader, end: number, parts: TracesParts): void {
  const scopes: number[] = [];
  parts.beginResourceSpans();
  while (r.pos < end) {
    const t = r.tag();
    if (t === RESOURCE_SPANS_RESOURCE) {
      const resourceEnd = r.enter();
      parts.resource(r, resourceEnd);
      r.pos = resourceEnd;
    } else {
      if (t === RESOURCE_SPANS_SCOPE) scopes.push(r.pos);
      r.skip(t & 7);
    }
  }
  r.leave(end);
  for (const at of scopes) {
    r.pos = at;
    const scopeEnd = r.enter();
    while (r.pos < scopeEnd) {
      const t = r.tag();
      if (t === SCOPE_SPAN) {
        const spanEnd = r.enter();
        parts.span(r, spanEnd);
        r.pos = spanEnd;
      } else r.skip(t & 7);
    }
    r.leave(scopeEnd);
  }
  r.pos = end;
}

/** A varint at `pos` if all its bytes are there: [value, next position]; undefined otherwise. */
function peekVarint(buf: Buffer, pos: number): [number, number] | undefined {
  let result = 0;
  let scale = 1;
  for (let i = pos; i < buf.length && i < pos + 8; i += 1) {
    const byte = buf[i]!;
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) return [result, i + 1];
    scale *= 128;
  }
  if (buf.length >= pos + 8) throw new ProtobufError(`varint beyond 2^53 at byte ${pos}`);
  return undefined;
}

/** A field's header: tag, where its payload starts, where it ends (undefined: bytes missing). */
function peekField(
  buf: Buffer,
  pos: number,
): { tag: number; from: number; to: number } | undefined {
  const tag = peekVarint(buf, pos);
  if (!tag) return undefined;
  const [t, next] = tag;
  const wire = t & 7;
  if (wire === WIRE.varint) {
    const value = peekVarint(buf, next);
    return value && { tag: t, from: next, to: value[1] };
  }
  if (wire === WIRE.fixed64) return { tag: t, from: next, to: next + 8 };
  if (wire === WIRE.fixed32) return { tag: t, from: next, to: next + 4 };
  if (wire !== BYTES) throw new ProtobufError(`unsupported wire type ${wire} at byte ${pos}`);
  const length = peekVarint(buf, next);
  return length && { tag: t, from: length[1], to: length[1] + length[0] };
}

/** Bytes of a new chunk joined beyond the end of the field waited on (the next field's header). */
const JOIN_SLACK = 64;

interface Level {
  kind: 'resourceSpans' | 'scopeSpans';
  /** Its end, counted from the message's first byte. */
  end: number;
  resourceRead: boolean;
}

/**
 * Reads one `TracesData` message after another from their bytes as they arrive (`write`), each
 * closed by `end()`. Keeps only the bytes of the unfinished part, usually less than one span.
 */
export class TracesDataStream {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Where `pending` starts, counted from the message's first byte. */
  private offset = 0;
  /** Nothing can be read before the message has this many bytes. */
  private needed = 0;
  private readonly levels: Level[] = [];

  constructor(private readonly parts: TracesParts) {}

  write(bytes: Buffer): void {
    if (this.pendingBytes === 0) return this.consume(bytes);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.offset + this.pendingBytes < this.needed) return;
    // The bytes held (an unfinished field, usually part of one span) are joined with only as much
    // of the new chunk as finishes it; the rest of the chunk is read where it lies, not copied.
    const held = this.pendingBytes - bytes.length;
    const prior =
      this.pending.length === 2 ? this.pending[0]! : Buffer.concat(this.pending.slice(0, -1), held);
    const joined = Math.min(
      bytes.length,
      Math.max(0, this.needed - this.offset - held) + JOIN_SLACK,
    );
    const head = Buffer.concat([prior, bytes.subarray(0, joined)], held + joined);
    const used = this.read(head);
    this.offset += used;
    this.pending = [];
    this.pendingBytes = 0;
    // Still inside the held bytes (a field header cut short): read on from there, joined.
    if (used < held) this.consume(Buffer.concat([head.subarray(used), bytes.subarray(joined)]));
    else this.consume(bytes.subarray(used - held));
  }

  /** Reads what is complete in `buf` (nothing held before it) and holds the rest. */
  private consume(buf: Buffer): void {
    const used = this.offset + buf.length < this.needed ? 0 : this.read(buf);
    const rest = used ? buf.subarray(used) : buf;
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    this.offset += used;
  }

  /** The message is complete: it must have ended exactly after its last field. */
  end(): void {
    if (this.pendingBytes || this.levels.length)
      throw new ProtobufError(`message cut short at byte ${this.offset + this.pendingBytes}`);
    this.offset = 0;
    this.needed = 0;
  }

  /** Reads every field complete in `buf`; returns how many bytes it used. */
  private read(buf: Buffer): number {
    const r = new Reader(buf);
    let pos = 0;
    for (;;) {
      const level = this.levels.at(-1);
      if (level && this.offset + pos === level.end) {
        this.levels.pop();
        continue;
      }
      const field = peekField(buf, pos);
      if (!field) return this.wait(pos, buf.length + 1);
      const end = this.offset + field.to;
      if (level && end > level.end)
        throw new ProtobufError(`field runs past its message at byte ${this.offset + pos}`);
      const opens = this.opens(level, field.tag);
      if (opens === 'resourceSpans') {
        // Streamed when the resource comes first or the consumer takes spans before it;
        // otherwise read whole.
        const first = field.from < field.to ? peekVarint(buf, field.from) : undefined;
        if (field.from < field.to && !first) return this.wait(pos, buf.length + 1);
        if (this.parts.spansBeforeResource || (first && first[0] === RESOURCE_SPANS_RESOURCE)) {
          this.parts.beginResourceSpans();
          this.levels.push({ kind: 'resourceSpans', end, resourceRead: false });
          pos = field.from;
          continue;
        }
      }
      if (opens === 'scopeSpans') {
        this.levels.push({ kind: 'scopeSpans', end, resourceRead: false });
        pos = field.from;
        continue;
      }
      // A whole field: a span, a resource, a ResourceSpans read at once, or one skipped.
      if (field.to > buf.length) return this.wait(pos, field.to);
      r.pos = field.from;
      if (opens === 'resourceSpans') readResourceSpans(r, field.to, this.parts);
      else if (level?.kind === 'scopeSpans' && field.tag === SCOPE_SPAN)
        this.parts.span(r, field.to);
      else if (level?.kind === 'resourceSpans' && field.tag === RESOURCE_SPANS_RESOURCE) {
        if (level.resourceRead)
          throw new ProtobufError(`a second resource in one ResourceSpans at byte ${end}`);
        level.resourceRead = true;
        this.parts.resource(r, field.to);
      }
      pos = field.to;
    }
  }

  /** Which container the field opens, if it is one this reader walks into. */
  private opens(level: Level | undefined, tag: number): Level['kind'] | undefined {
    if (!level && tag === TRACES_RESOURCE_SPANS) return 'resourceSpans';
    if (level?.kind === 'resourceSpans' && tag === RESOURCE_SPANS_SCOPE) return 'scopeSpans';
    return undefined;
  }

  /** Stops before `pos` until the message has `needed` bytes (counted from this buffer's start). */
  private wait(pos: number, needed: number): number {
    this.needed = this.offset + needed;
    return pos;
  }
}
