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
  /** Bytes not read yet: the last, incomplete element (cut only at ASCII, so valid UTF-8). */
  private parts: Buffer[] = [];
  private partBytes = 0;
  private started = false;
  private failed = false;
  private readonly items: T[] = [];

  constructor(private readonly each: (elements: unknown[]) => T[]) {}

  write(chunk: Buffer): void {
    if (this.failed) return;
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    if (this.partBytes < BATCH_BYTES) return;
    try {
      const pending = this.pending();
      const at = pending?.lastIndexOf(BETWEEN) ?? -1;
      if (pending && at >= 0) {
        this.take(pending.toString('utf8', 0, at + 2));
        this.keep(pending.subarray(at + 3));
      }
    } catch {
      this.fail();
    }
  }

  /** The elements, or undefined when the body was not such an array (parse it whole instead). */
  end(): T[] | undefined {
    if (this.failed) return undefined;
    try {
      const rest = this.pending()?.toString('utf8').trim();
      if (!rest?.endsWith(']')) return undefined;
      const last = rest.slice(0, -1).trim();
      if (last) this.take(last);
    } catch {
      return undefined;
    }
    return this.items;
  }

  /**
   * What has come and is not read yet, as one buffer, past the array's `[`: undefined while only
   * whitespace has come. Throws when the body is not an array.
   */
  private pending(): Buffer | undefined {
    let pending = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    if (!this.started) {
      const first = pending.findIndex((b) => !WHITESPACE.has(b));
      if (first < 0) return undefined;
      if (pending[first] !== OPEN) throw new Error('not an array');
      pending = pending.subarray(first + 1);
      this.started = true;
    }
    this.keep(pending);
    return pending;
  }

  private keep(pending: Buffer): void {
    this.parts = [pending];
    this.partBytes = pending.length;
  }

  /** Whole elements, separated by commas: JSON.parse refuses anything else. */
  private take(text: string): void {
    for (const item of this.each(JSON.parse(`[${text}]`) as unknown[])) this.items.push(item);
  }

  private fail(): void {
    this.failed = true;
    this.parts = [];
    this.items.length = 0;
  }
}
