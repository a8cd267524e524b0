import { Buffer } from 'node:buffer';

/**
 * The few pieces of the protobuf wire format that the Jaeger gRPC search needs: a reader that
 * walks fields without building a schema object per message, and a writer for small requests.
 * https://protobuf.dev/programming-guides/encoding/
 */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

/**
 * A cursor over a buffer of messages. Embedded messages are read in place: `enter()` gives the end
 * of the one at the cursor and `leave(end)` checks that its fields stopped exactly there, so a
 * search answer of thousands of spans allocates no reader, tuple or slice per field.
 */
export class Reader {
  readonly buf: Buffer;
  pos = 0;
  readonly end: number;

  constructor(buf: Uint8Array) {
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
    this.end = this.buf.length;
  }

  private fail(what: string): never {
    throw new ProtobufError(`${what} at byte ${this.pos}`);
  }

  /** A varint up to 2^53 (lengths, tags, enums, counts); larger ones fail rather than round. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i += 1) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    return this.fail('varint beyond 2^53');
  }

  /**
   * An int64 as decimal text: without BigInt when it is small and positive (below 2^49, seven
   * varint bytes: counts, ids, byte sizes), through `int64()` otherwise.
   */
  int64Text(): string {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i += 1) {
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return String(result);
      scale *= 128;
    }
    this.pos = start;
    return this.int64().toString();
  }

  /** Any varint as a 64-bit two's complement integer (int64 attribute values). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i += 1) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A fixed64 of nanoseconds → epoch ms with whole microseconds, exact and without BigInt. */
  nanosAsMs(): number {
    return this.nanosAsMicros() / 1000;
  }

  /** A fixed64 of nanoseconds → whole epoch microseconds (an integer below 2^53), without BigInt. */
  nanosAsMicros(): number {
    if (this.pos + 8 > this.end) this.fail('truncated fixed64');
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    // nanos = hi·2^32 + lo and 2^32 = 4294967·1000 + 296, so every product stays below 2^53.
    return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads a length; the cursor stays at the field's first byte. Returns the field's end. */
  enter(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) this.fail('length beyond the buffer');
    return end;
  }

  /** After the fields of an entered message: they must have ended exactly at its end. */
  leave(end: number): void {
    if (this.pos !== end) this.fail('field runs past its message');
  }

  string(): string {
    const end = this.enter();
    const text = this.buf.toString('utf8', this.pos, end);
    this.pos = end;
    return text;
  }

  hex(): string {
    const end = this.enter();
    const text = this.buf.toString('hex', this.pos, end);
    this.pos = end;
    return text;
  }

  base64(): string {
    const end = this.enter();
    const text = this.buf.toString('base64', this.pos, end);
    this.pos = end;
    return text;
  }

  /**
   * A short ASCII string through `table`, so the keys and values that repeat on every span are
   * decoded (and internalised as property names) once per answer instead of once per span.
   */
  interned(table: StringTable): string {
    const end = this.enter();
    const text = table.get(this.buf, this.pos, end);
    this.pos = end;
    return text;
  }

  /** Which of `keys` the string at the cursor is (its index), or -1; nothing is decoded. */
  matched(keys: KeySet): number {
    const end = this.enter();
    const index = keys.indexOf(this.buf, this.pos, end);
    this.pos = end;
    return index;
  }

  /** The next field's tag, `field * 8 + wire`, as one number (no tuple per field). */
  tag(): number {
    return this.varint();
  }

  /** Skips a field this decoder does not read (unknown fields are legal protobuf). */
  skip(wire: number): void {
    if (wire === WIRE.varint) this.varint();
    else if (wire === WIRE.fixed64) this.advance(8);
    else if (wire === WIRE.bytes) this.pos = this.enter();
    else if (wire === WIRE.fixed32) this.advance(4);
    else this.fail(`unsupported wire type ${wire}`);
  }

  private advance(bytes: number): void {
    if (this.pos + bytes > this.end) this.fail('truncated field');
    this.pos += bytes;
  }
}

const MAX_INTERNED_BYTES = 64;
const MAX_INTERNED = 8192;

/** Strings already decoded from an answer, found by a hash of their bytes and checked byte by byte. */
export class StringTable {
  private readonly byHash = new Map<number, string>();

  get(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_INTERNED_BYTES) return buf.toString('utf8', start, end);
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i += 1) {
      const byte = buf[i]!;
      if (byte >= 0x80) return buf.toString('utf8', start, end);
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const known = this.byHash.get(hash);
    if (known !== undefined && known.length === length) {
      let same = true;
      for (let i = 0; i < length; i += 1) {
        if (known.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const text = buf.toString('latin1', start, end);
    if (this.byHash.size < MAX_INTERNED) this.byHash.set(hash, text);
    return text;
  }
}

/**
 * A few strings known in advance, recognised by their bytes: a search answer's spans carry dozens
 * of attributes, and a reader after a handful of them skips the rest without decoding their keys.
 */
export class KeySet {
  /** Keys by their length in bytes (an array: looked up for every attribute of every span). */
  private readonly byLength: ({ bytes: Buffer; index: number }[] | undefined)[] = [];

  constructor(keys: readonly string[]) {
    keys.forEach((key, index) => {
      const bytes = Buffer.from(key, 'utf8');
      (this.byLength[bytes.length] ??= []).push({ bytes, index });
    });
  }

  /** The index of the key spelt by `buf[start, end)`, or -1. */
  indexOf(buf: Buffer, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    for (const { bytes, index } of candidates) {
      let i = 0;
      while (i < bytes.length && bytes[i] === buf[start + i]) i += 1;
      if (i === bytes.length) return index;
    }
    return -1;
  }
}

const encoder = new TextEncoder();

/** Builds a small message field by field (requests only: a few hundred bytes). */
export class Writer {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let n = value;
    while (n >= 0x80) {
      this.bytes.push((n % 128) | 0x80);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }

  uint(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new ProtobufError(`bad integer ${value}`);
    if (value === 0) return this;
    this.varint(field * 8 + WIRE.varint);
    this.varint(value);
    return this;
  }

  raw(field: number, payload: Uint8Array): this {
    this.varint(field * 8 + WIRE.bytes);
    this.varint(payload.length);
    for (const byte of payload) this.bytes.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return value ? this.raw(field, encoder.encode(value)) : this;
  }

  message(field: number, inner: Writer): this {
    return this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
