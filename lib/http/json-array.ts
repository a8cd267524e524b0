/** Where Jackson's pretty printer ends one top-level object of an array and starts the next. */
const BETWEEN = Buffer.from('\n}, {');
const OPEN = '['.charCodeAt(0);
/** JSON's whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Reads a JSON array of objects element by element while its body arrives, for answers
 * pretty-printed as Jackson's default printer writes them (Spark's REST API: `[ {`, then
 * `\n}, {` between elements, `\n} ]` at the end). A raw newline never occurs inside a JSON
 * string and Jackson indents nested objects, so `\n}, {` at the start of a line can only end a
 * top-level element. The elements complete in each chunk are parsed with one JSON.parse and handed
 * to `each` together, so a multi-megabyte list is mostly decoded while the server is still
 * sending it.
 *
 * Anything else (compact JSON, a non-array, elements `each` refuses) makes `end()` answer
 * undefined: the caller then parses the whole text as before, which gives the same value or the
 * precise error. It never answers a different value than JSON.parse would.
 */
export class JsonArrayElements<T> {
  /** Bytes not read yet: the last, incomplete element (cut only at ASCII, so valid UTF-8). */
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  private failed = false;
  private readonly items: T[] = [];

  constructor(private readonly each: (elements: unknown[]) => T[]) {}

  write(chunk: Buffer): void {
    if (this.failed) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      if (!this.started) {
        const first = this.pending.findIndex((b) => !WHITESPACE.has(b));
        if (first < 0) return;
        if (this.pending[first] !== OPEN) throw new Error('not an array');
        this.pending = this.pending.subarray(first + 1);
        this.started = true;
      }
      const at = this.pending.lastIndexOf(BETWEEN);
      if (at >= 0) {
        this.take(this.pending.toString('utf8', 0, at + 2));
        this.pending = this.pending.subarray(at + 3);
      }
    } catch {
      this.fail();
    }
  }

  /** The elements, or undefined when the body was not such an array (parse it whole instead). */
  end(): T[] | undefined {
    if (this.failed || !this.started) return undefined;
    const rest = this.pending.toString('utf8').trim();
    if (!rest.endsWith(']')) return undefined;
    const last = rest.slice(0, -1).trim();
    try {
      if (last) this.take(last);
    } catch {
      return undefined;
    }
    return this.items;
  }

  /** Whole elements, separated by commas: JSON.parse refuses anything else. */
  private take(text: string): void {
    for (const item of this.each(JSON.parse(`[${text}]`) as unknown[])) this.items.push(item);
  }

  private fail(): void {
    this.failed = true;
    this.pending = Buffer.alloc(0);
    this.items.length = 0;
  }
}
