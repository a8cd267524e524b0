/** Where Jackson's pretty printer ends one top-level object of an array and starts the next. */
const BETWEEN = Buffer.from('\n}, {');
const OPEN = '['.charCodeAt(0);
/** JSON's whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/**
 * Bytes gathered before looking for whole elements. The History Server flushes each stage on its
 * own, a few KiB: taken one by one, the calls around each parse cost as much as the parse.
 */
const BATCH_BYTES = 64 * 1024;

/**
 * Reads a JSON array of objects element by element while its body arrives, for answers
 * pretty-printed as Jackson's default printer writes them (Spark's REST API: `[ {`, then
 * `\n}, {` between elements, `\n} ]` at the end). A raw newline never occurs inside a JSON
 * string and Jackson indents nested objects, so `\n}, {` at the start of a line can only end a
 * top-level element. The elements complete in each batch of chunks are parsed with one JSON.parse
 * and handed to `each` together, so a multi-megabyte list is mostly decoded while the server is
 * still sending it.
 *
 * Anything else (compact JSON, a non-array, elements `each` refuses) makes `end()` answer
 * undefined: the caller then parses the whole text as before, which gives the same value or the
 * precise error. It never answers a different value than JSON.parse would.
 */
export class JsonArrayElements<T> {
  /** The body's bytes already parsed, in the pieces they were parsed in (see `bytes`). */
  private readonly consumed: Buffer[] = [];
  /** Bytes not parsed yet: after the last whole element (cut only at ASCII, so valid UTF-8). */
  private parts: Buffer[] = [];
  private partBytes = 0;
  private started = false;
  private failed = false;
  private readonly items: T[] = [];

  constructor(private readonly each: (elements: unknown[]) => T[]) {}

  write(chunk: Buffer): void {
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    if (this.failed || this.partBytes < BATCH_BYTES) return;
    try {
      const body = this.unparsed();
      const at = body ? body.lastIndexOf(BETWEEN) : -1;
      if (body && at >= 0) {
        this.take(body.toString('utf8', 0, at + 2));
        this.consumed.push(body.subarray(0, at + 3));
        this.leave(body.subarray(at + 3));
      }
    } catch {
      this.fail();
    }
  }

  /** The elements, or undefined when the body was not such an array (parse it whole instead). */
  end(): T[] | undefined {
    if (this.failed) return undefined;
    try {
      const rest = this.unparsed()?.toString('utf8').trim();
      if (!rest?.endsWith(']')) return undefined;
      const last = rest.slice(0, -1).trim();
      if (last) this.take(last);
    } catch {
      return undefined;
    }
    return this.items;
  }

  /**
   * Every byte written so far, in order, whatever was parsed or refused: a caller that needs the
   * whole text after all (to parse it whole, or to quote an error) reads it here, in a hundred
   * pieces of a batch each rather than the thousands the server flushed.
   */
  bytes(): Buffer[] {
    return [...this.consumed, ...this.parts];
  }

  /**
   * The bytes not parsed yet, as one buffer, past the array's `[`: undefined while only whitespace
   * has come. Throws when the body is not an array.
   */
  private unparsed(): Buffer | undefined {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.leave(all);
    if (this.started) return all;
    const first = all.findIndex((b) => !WHITESPACE.has(b));
    if (first < 0) return undefined;
    if (all[first] !== OPEN) throw new Error('not an array');
    this.started = true;
    this.consumed.push(all.subarray(0, first + 1));
    this.leave(all.subarray(first + 1));
    return all.subarray(first + 1);
  }

  private leave(unparsed: Buffer): void {
    this.parts = [unparsed];
    this.partBytes = unparsed.length;
  }

  /** Whole elements, separated by commas: JSON.parse refuses anything else. */
  private take(text: string): void {
    for (const item of this.each(JSON.parse(`[${text}]`) as unknown[])) this.items.push(item);
  }

  /** Parses no more; the bytes are still kept for `bytes`. */
  private fail(): void {
    this.failed = true;
    this.items.length = 0;
  }
}
