import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOffsets, saveOffsets } from './offsets';

const file = () =>
  path.join(mkdtempSync(path.join(tmpdir(), 'sw-offsets-')), 'shipper', 'offsets.json');

describe('offsets', () => {
  it('round-trips, written through a temporary file that does not stay behind', () => {
    const f = file();
    const offsets = {
      files: { 'd\0abc': { offset: 12, path: '/x/a.log', lastTs: '2026-01-01T00:00:00.000Z' } },
      legacy: {},
    };
    saveOffsets(f, offsets);
    expect(loadOffsets(f, () => undefined)).toEqual(offsets);
    expect(readdirSync(path.dirname(f))).toEqual(['offsets.json']);
  });

  it('sets a corrupt file aside and starts over instead of crashing', () => {
    const f = file();
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, '{"version":2,"files":{"a":{"off');
    const warnings: string[] = [];
    expect(loadOffsets(f, (w) => warnings.push(w))).toEqual({ files: {}, legacy: {} });
    expect(warnings[0]).toMatch(/unreadable/);
    expect(existsSync(f)).toBe(false);
    expect(readdirSync(path.dirname(f)).some((n) => n.startsWith('offsets.json.corrupt-'))).toBe(
      true,
    );
  });

  it('reads the old per-path format as a starting point', () => {
    const f = file();
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, JSON.stringify({ '/x/driver.log': 42 }));
    expect(loadOffsets(f, () => undefined)).toEqual({ files: {}, legacy: { '/x/driver.log': 42 } });
  });

  it('throws when it cannot write, leaving the previous version whole', () => {
    const f = file();
    saveOffsets(f, { files: { a: { offset: 1, path: 'p' } }, legacy: {} });
    mkdirSync(`${f}.tmp`);
    expect(() => saveOffsets(f, { files: { a: { offset: 2, path: 'p' } }, legacy: {} })).toThrow();
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({
      version: 2,
      files: { a: { offset: 1, path: 'p' } },
    });
  });
});
