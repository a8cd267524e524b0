import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileState, closeFile, openFile, readLines } from './tail';

const dir = () => mkdtempSync(path.join(tmpdir(), 'sw-tail-'));

function readAll(file: string, state: Pick<FileState, 'offset' | 'cutStart'>, maxLine: number) {
  const open = openFile(file)!;
  try {
    return { ...readLines(open, state, maxLine), identity: open.identity };
  } finally {
    closeFile(open);
  }
}

describe('tail', () => {
  it('reads complete lines with their offsets; a partial last line waits', () => {
    const file = path.join(dir(), 'a.log');
    writeFileSync(file, 'one\ntwo\nthr');
    const first = readAll(file, { offset: 0 }, 100);
    expect(first.lines).toEqual([
      { text: 'one', offset: 0 },
      { text: 'two', offset: 4 },
    ]);
    expect(first.offset).toBe(8);
    appendFileSync(file, 'ee\n');
    expect(readAll(file, { offset: first.offset }, 100).lines).toEqual([
      { text: 'three', offset: 8 },
    ]);
  });

  it('cuts a line longer than the cap, keeps reading past it, and gives its full length once written', () => {
    const file = path.join(dir(), 'a.log');
    writeFileSync(file, `short\n${'x'.repeat(25)}`);
    let state: Pick<FileState, 'offset' | 'cutStart'> = { offset: 0 };
    let read = readAll(file, state, 10);
    expect(read.lines).toEqual([{ text: 'short', offset: 0 }]);
    state = read;
    read = readAll(file, state, 10);
    // Over the cap and not finished: scanning on, nothing out yet.
    expect(read.lines).toEqual([]);
    expect(read.cutStart).toBe(6);
    state = read;
    appendFileSync(file, 'yyyyy\nafter\n');
    const lines = [];
    for (let i = 0; i < 10; i += 1) {
      read = readAll(file, state, 10);
      lines.push(...read.lines);
      state = read;
    }
    expect(lines).toEqual([
      { text: 'xxxxxxxxxx', offset: 6, cutBytes: 30 },
      { text: 'after', offset: 37 },
    ]);
    expect(read.cutStart).toBeUndefined();
  });

  it('knows a file by its directory and first line: the same after a rename or a copy, new after truncation', () => {
    const d = dir();
    const file = path.join(d, 'a.log');
    writeFileSync(file, 'first line\nsecond\n');
    const before = readAll(file, { offset: 0 }, 100).identity;
    renameSync(file, `${file}.1`);
    expect(readAll(`${file}.1`, { offset: 0 }, 100).identity).toBe(before);
    copyFileSync(`${file}.1`, file);
    expect(readAll(file, { offset: 0 }, 100).identity).toBe(before);
    truncateSync(file, 0);
    expect(openFile(file)).toBeUndefined();
    writeFileSync(file, 'another first line\n');
    expect(readAll(file, { offset: 0 }, 100).identity).not.toBe(before);
    // Same first line in another directory: another file.
    const other = path.join(dir(), 'a.log');
    writeFileSync(other, 'first line\n');
    expect(readAll(other, { offset: 0 }, 100).identity).not.toBe(before);
  });
});
