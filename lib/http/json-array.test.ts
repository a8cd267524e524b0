import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonArrayElements } from './json-array';

const read = (text: string, chunkBytes: number, each = (e: unknown[]) => e) => {
  const elements = new JsonArrayElements(each);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkBytes)
    elements.write(bytes.subarray(i, i + chunkBytes));
  return elements.end();
};

// Every list Spark's REST API answered in the recorded fixtures, as Jackson printed it.
const sparkDir = path.join(__dirname, '..', 'sources', 'spark', 'fixtures');
const lists = readdirSync(sparkDir)
  .map((name) => ({ name, text: readFileSync(path.join(sparkDir, name), 'utf8') }))
  .filter((f) => f.text.trimStart().startsWith('['));

describe('a JSON array read element by element as it arrives', () => {
  it('gives what JSON.parse gives on every recorded Spark list, however the body is cut', () => {
    expect(lists.length).toBeGreaterThan(10);
    for (const { name, text } of lists) {
      const whole = JSON.parse(text) as unknown[];
      for (const chunk of [7, 64, 4096, text.length]) {
        expect(read(text, chunk), `${name} in ${chunk}-byte chunks`).toEqual(whole);
      }
    }
  });

  it('reads an element larger than a batch, whole', () => {
    const text = `[ {\n  "a" : "${'x'.repeat(300_000)}"\n}, {\n  "a" : 1\n}, {\n  "a" : 2\n} ]`;
    for (const chunk of [4096, 100_000]) expect(read(text, chunk)).toEqual(JSON.parse(text));
  });

  it('reads an empty list, and keeps characters cut between chunks whole', () => {
    expect(read('[ ]', 1)).toEqual([]);
    const text = '[ {\n  "name" : "état → 東京"\n}, {\n  "name" : "ok"\n} ]';
    for (const chunk of [1, 2, 5]) expect(read(text, chunk)).toEqual(JSON.parse(text));
  });

  it('is not fooled by the separator inside a string or a nested object', () => {
    // Another printer's layout, compact JSON: not split while arriving, read whole at the end.
    const other = JSON.stringify([{ a: '\n}, {', b: [{ d: 1 }] }, { a: 'x' }], null, 2);
    expect(read(other, 7)).toEqual(JSON.parse(other));
    expect(read('[{"a":1},{"a":2}]', 4)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(read('[ {\n  "a" : 1\n}, 2 ]', 4)).toEqual([{ a: 1 }, 2]);
    const jackson =
      '[ {\n  "a" : "x\\n}, {y",\n  "b" : {\n    "c" : 1\n  }\n}, {\n  "a" : "z"\n} ]';
    expect(read(jackson, 3)).toEqual(JSON.parse(jackson));
  });

  it('answers undefined, for the caller to report, on anything but a JSON array', () => {
    expect(read('{"error": "no"}', 4)).toBeUndefined();
    expect(read('No tasks reported metrics for 1 / 0 yet.', 4)).toBeUndefined();
    expect(read('[ {\n  "a" : 1\n}, {\n  "a" : ', 4)).toBeUndefined();
    expect(read('[ {\n  "a" : 1\n}, {\n  "a" : 2\n} ] trailing', 4)).toBeUndefined();
    expect(read('', 4)).toBeUndefined();
  });

  it('answers undefined when an element is refused', () => {
    const text = '[ {\n  "a" : 1\n}, {\n  "a" : "two"\n} ]';
    const numbers = (batch: unknown[]) =>
      batch.map((e) => {
        const a = (e as { a: unknown }).a;
        if (typeof a !== 'number') throw new Error('not a number');
        return a;
      });
    expect(read(text, 5, numbers)).toBeUndefined();
    expect(read('[ {\n  "a" : 1\n}, {\n  "a" : 2\n} ]', 5, numbers)).toEqual([1, 2]);
  });

  it('gives what JSON.parse gives on a list long enough to be read while it arrives', () => {
    // Jackson's layout, thousands of elements: the recorded stage lists one after another.
    const inner = lists
      .filter((f) => f.name.startsWith('spark.stages.'))
      .map((f) => f.text.trim().slice(1, -1).trim())
      .filter(Boolean)
      .join(', ');
    const text = `[ ${Array.from({ length: 20 }, () => inner).join(', ')} ]`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const whole = JSON.parse(text) as unknown[];
    for (const chunk of [997, 4096, 65536, text.length]) {
      const batches: number[] = [];
      const got = read(text, chunk, (e) => (batches.push(e.length), e));
      expect(got, `${chunk}-byte chunks`).toEqual(whole);
      // Parsed batch by batch as it came, not element by element, nor all at the end.
      if (chunk < text.length) expect(batches.length).toBeGreaterThan(5);
      expect(batches.length).toBeLessThan(whole.length / 5);
    }
    // Elements refused halfway: no elements.
    let calls = 0;
    const refusing = (e: unknown[]) => {
      if ((calls += 1) === 3) throw new Error('refused');
      return e;
    };
    expect(read(text, 4096, refusing)).toBeUndefined();
    expect(calls).toBe(3);
  });
});
