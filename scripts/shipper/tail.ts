import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** Lines longer than this are cut to it (and counted); a longer line never stalls its file. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** A file is known by its directory and the first bytes it was written with (up to its first newline). */
export const FINGERPRINT_BYTES = 1024;

/** Where a file was read up to, saved with the shipper's offsets. */
export interface FileState {
  offset: number;
  /** Inside a line longer than the cap, which starts here: `offset` scans on for its newline. */
  cutStart?: number;
  /** The last Spark `ts` read from the file: the time its raw lines are filed under. */
  lastTs?: string;
  /** The app id a line of the file named. */
  appId?: string;
  /** The path the file was last seen at (it moves when rotated by rename). */
  path: string;
}

export interface Line {
  text: string;
  offset: number;
  /** The line was longer than the cap: its length in bytes (at least, if it was still being written). */
  cutBytes?: number;
}

export interface OpenFile {
  path: string;
  /** `<dir>\0<fingerprint>`: the same file after a rename; its copy (copy-truncate) too. */
  identity: string;
  size: number;
  birthtime?: string;
  fd: number;
  /** The bytes the fingerprint was taken from. */
  head: Buffer;
}

/** A file's identity from its directory and its first line (at most FINGERPRINT_BYTES of it). */
export function identityOf(dir: string, head: Buffer): string {
  return `${path.resolve(dir)}\0${createHash('sha1').update(head).digest('hex').slice(0, 20)}`;
}

/**
 * Opens a file and names it by identity, or undefined when it does not exist or is too short to
 * fingerprint yet (no complete first line and under FINGERPRINT_BYTES). Close it with closeFile.
 */
export function openFile(file: string): OpenFile | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const head = Buffer.alloc(Math.min(stat.size, FINGERPRINT_BYTES));
    const read = readSync(fd, head, 0, head.length, 0);
    const newline = head.subarray(0, read).indexOf(0x0a);
    if (newline < 0 && read < FINGERPRINT_BYTES) {
      closeSync(fd);
      return undefined;
    }
    const first = head.subarray(0, newline < 0 ? read : newline + 1);
    return {
      path: file,
      identity: identityOf(path.dirname(file), first),
      head: first,
      size: stat.size,
      birthtime: stat.birthtimeMs > 0 ? stat.birthtime.toISOString() : undefined,
      fd,
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

export const closeFile = (file: OpenFile) => closeSync(file.fd);

/** Whether the open file still starts as it did when opened (not truncated and rewritten since). */
export function sameFile(file: OpenFile): boolean {
  const head = Buffer.alloc(file.head.length);
  return readSync(file.fd, head, 0, head.length, 0) === head.length && head.equals(file.head);
}

/**
 * The complete lines of `file` from `state.offset` on, reading at most `maxLine + 1` bytes: a
 * partial last line waits for its newline. A line longer than `maxLine` is cut: the scan goes on
 * past it (never holding the file) and, once its newline is written, it comes out as its first
 * `maxLine` bytes with its full length. Returns the lines and the state after them.
 */
export function readLines(
  file: OpenFile,
  state: Pick<FileState, 'offset' | 'cutStart'>,
  maxLine = MAX_LINE_BYTES,
): { lines: Line[]; offset: number; cutStart?: number } {
  const { offset } = state;
  const length = Math.min(file.size - offset, maxLine + 1);
  if (length <= 0) return { lines: [], offset, cutStart: state.cutStart };
  const data = Buffer.alloc(length);
  const got = readSync(file.fd, data, 0, length, offset);
  const lines: Line[] = [];
  let start = 0;
  if (state.cutStart !== undefined) {
    const newline = data.indexOf(0x0a);
    if (newline < 0 || newline >= got)
      return { lines, offset: offset + got, cutStart: state.cutStart };
    const head = Buffer.alloc(maxLine);
    readSync(file.fd, head, 0, maxLine, state.cutStart);
    lines.push({
      text: head.toString('utf8'),
      offset: state.cutStart,
      cutBytes: offset + newline - state.cutStart,
    });
    start = newline + 1;
  }
  for (;;) {
    const newline = data.indexOf(0x0a, start);
    if (newline < 0 || newline >= got) break;
    const text = data.toString('utf8', start, newline);
    if (text.trim()) lines.push({ text, offset: offset + start });
    start = newline + 1;
  }
  // No newline within maxLine + 1 bytes: a line too long to keep whole.
  if (got - start > maxLine) return { lines, offset: offset + got, cutStart: offset + start };
  return { lines, offset: offset + start };
}
