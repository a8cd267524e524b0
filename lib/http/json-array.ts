/** Where Jackson's pretty printer ends one top-level object of an array and starts the next. */
const BETWEEN = Buffer.from('\n}, {');
const OPEN = '['.charCodeAt(0);
const CLOSE = ']'.charCodeAt(0);
/** JSON's whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/**
 * Bytes gathered before looking for whole elements. The History Server flushes each stage on its
 * own, a few KiB: taken one by one, the calls around each parse cost as much as the parse.
 */
const BATCH_BYTES = 64 * 1024;
/** Room for a batch and the chunk that completes it; grows for an element larger than that. */
const SCRATCH_BYTES = 2 * BATCH_BYTES;
const EMPTY = Buffer.alloc(0);

/**
 * Reads a JSON array of objects element by element while its body arrives, for answers
 * pretty-printed as Jackson's default printer writes them (Spark's REST API: `[ {`, then
 * `\n}, {` between elements, `\n} ]` at the end). A raw newline never occurs inside a JSON
 * string and Jackson indents nested objects, so `\n}, {` at the start of a line can only end a
 * top-level element. The elements complete in each batch of chunks are parsed with one JSON.parse
 * and handed to `each` together, so a multi-megabyte list is mostly decoded while the server is
 * still sending it.
 *
 * A batch is gathered in one scratch buffer, reused for the whole body, behind a `[` of its own:
 * its text is decoded once, already an array, with no buffer made per batch and no string built
 * around it to be copied again by JSON.parse.
 *
 * Anything else (compact JSON, a non-array, elements `each` refuses) makes `end()` answer
 * undefined: the caller then parses the whole text as before, which gives the same value or the
 * precise error. It never answers a different value than JSON.parse would.
 */
export class JsonArrayElements<T> {
  /** `[`, then the bytes after the last whole element (cut only at ASCII, so valid UTF-8). */
  private scratch = EMPTY;
  private used = 0;
  private started = false;
  private failed = false;
  private readonly items: T[] = [];

  constructor(private readonly each: (elements: unknown[]) => T[]) {}

  write(chunk: Buffer): void {
    if (this.failed) return;
    try {
      const body = this.started ? chunk : this.start(chunk);
      if (!body) return;
      this.append(body);
      if (this.used <= BATCH_BYTES) return;
      const at = this.scratch.subarray(0, this.used).lastIndexOf(BETWEEN);
      if (at < 0) return;
      // `[` + the whole elements + `]` written over their last `,`: one array's text.
      this.scratch[at + 2] = CLOSE;
      this.take(this.scratch.toString('utf8', 0, at + 3));
      this.scratch.copyWithin(1, at + 3, this.used);
      this.used -= at + 2;
    } catch {
      this.fail();
    }
  }

  /** The elements, or undefined when the body was not such an array (parse it whole instead). */
  end(): T[] | undefined {
    if (this.failed || !this.started) return undefined;
    try {
      const rest = this.scratch.toString('utf8', 1, this.used).trim();
      if (!rest.endsWith(']')) return undefined;
      const last = rest.slice(0, -1).trim();
      if (last) this.take(`[${last}]`);
    } catch {
      return undefined;
    } finally {
      this.scratch = EMPTY;
    }
    return this.items;
  }

  /**
   * The part of a chunk past the array's `[`, once it has come: undefined while only whitespace
   * has. Throws when the body is not an array.
   */
  private start(chunk: Buffer): Buffer | undefined {
    const first = chunk.findIndex((b) => !WHITESPACE.has(b));
    if (first < 0) return undefined;
    if (chunk[first] !== OPEN) throw new Error('not an array');
    this.started = true;
    this.scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    this.scratch[0] = OPEN;
    this.used = 1;
    return chunk.subarray(first + 1);
  }

  private append(bytes: Buffer): void {
    const needed = this.used + bytes.length;
    if (needed > this.scratch.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.scratch.length));
      this.scratch.copy(larger, 0, 0, this.used);
      this.scratch = larger;
    }
    this.used += bytes.copy(this.scratch, this.used);
  }

  /** A JSON array's text: JSON.parse refuses anything else. */
  private take(array: string): void {
    for (const item of this.each(JSON.parse(array) as unknown[])) this.items.push(item);
  }

  /** Parses no more (the caller parses the whole text). */
  private fail(): void {
    this.failed = true;
    this.items.length = 0;
    this.scratch = EMPTY;
  }
}
