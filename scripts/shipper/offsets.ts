/**
 * The shipper's offsets file: where each file (by identity, tail.ts) was shipped up to. Written
 * atomically (temporary file, fsync, rename, fsync of the directory), so a crash or a full disk
 * leaves the previous version whole; an unreadable file is set aside and shipping starts over,
 * which duplicates nothing since document ids are stable.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FileState } from './tail';

const fileState = z.object({
  offset: z.number().int().nonnegative(),
  cutStart: z.number().int().nonnegative().optional(),
  lastTs: z.string().optional(),
  appId: z.string().optional(),
  path: z.string(),
});
const offsetsFile = z.object({ version: z.literal(2), files: z.record(z.string(), fileState) });
// Before identities, offsets were kept per path.
const legacyFile = z.record(z.string(), z.number().int().nonnegative());

export interface Offsets {
  files: Record<string, FileState>;
  /** Offsets by path from the previous format, used for a file the first time it is seen. */
  legacy: Record<string, number>;
}

/** Reads the offsets; a missing file is empty, an unreadable one is renamed aside (and said why). */
export function loadOffsets(file: string, warn: (message: string) => void): Offsets {
  if (!existsSync(file)) return { files: {}, legacy: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    warn(
      `offsets file ${file} unreadable (${(error as Error).message}); moved to ${aside}, starting over`,
    );
    renameSync(file, aside);
    return { files: {}, legacy: {} };
  }
  const current = offsetsFile.safeParse(json);
  if (current.success) return { files: current.data.files, legacy: {} };
  const legacy = legacyFile.safeParse(json);
  if (legacy.success) return { files: {}, legacy: legacy.data };
  const aside = `${file}.corrupt-${Date.now()}`;
  warn(`offsets file ${file} has an unknown shape; moved to ${aside}, starting over`);
  renameSync(file, aside);
  return { files: {}, legacy: {} };
}

/** Writes the offsets atomically; throws when it cannot (the caller keeps them in memory). */
export function saveOffsets(file: string, offsets: Offsets): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify({ version: 2, files: offsets.files }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
