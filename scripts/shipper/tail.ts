import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Reads the complete lines appended to a file since `offset` (a partial last line waits for its
 * newline). Returns each line with the byte offset it starts at, and the new offset.
 */
export function readNewLines(
  path: string,
  offset: number,
  maxBytes = 8 * 1024 * 1024,
): { lines: { text: string; offset: number }[]; next: number } {
  if (!existsSync(path)) return { lines: [], next: offset };
  const size = statSync(path).size;
  // A file shorter than our offset was truncated or replaced: start over.
  const start = size < offset ? 0 : offset;
  const length = Math.min(size - start, maxBytes);
  if (length <= 0) return { lines: [], next: start };
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, start);
  } finally {
    closeSync(fd);
  }
  const lines: { text: string; offset: number }[] = [];
  let lineStart = 0;
  for (let i = 0; i < buffer.length; i += 1) {
    if (buffer[i] !== 0x0a) continue;
    const text = buffer.subarray(lineStart, i).toString('utf8');
    if (text.trim()) lines.push({ text, offset: start + lineStart });
    lineStart = i + 1;
  }
  return { lines, next: start + lineStart };
}
