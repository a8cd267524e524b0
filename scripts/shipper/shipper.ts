/**
 * One pass of the local shipper over its files: read what is new in each (by identity, so a file
 * renamed or copied by rotation goes on where it was), enrich every line (enrich.ts: Spark JSON,
 * or raw), bulk-index by stable id (file identity + offset: shipping twice overwrites, never
 * duplicates), send what Elasticsearch refuses to the dead-letter index with the reason, then save
 * the offsets. A pass that cannot reach Elasticsearch throws and leaves the offsets where they
 * were; the next pass ships the same lines under the same ids.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { type LineSource, type SparkLogDocument, documentId, enrich, indexFor } from './enrich';
import type { ShipperHealth } from './metrics';
import { type Offsets, saveOffsets } from './offsets';
import {
  type FileState,
  type Line,
  type OpenFile,
  closeFile,
  openFile,
  readLines,
  sameFile,
} from './tail';

export const DEAD_LETTER_INDEX = 'sparkwatch-logs-deadletter';
/** The most bytes one bulk request carries (a single longer document goes alone). */
const BULK_BYTES = 5 * 1024 * 1024;

/** A log file to tail, with what its path says about its lines. */
export interface WatchedFile {
  path: string;
  source: Pick<LineSource, 'appId' | 'appName' | 'executorId' | 'host'>;
}

export interface ShipperOptions {
  es: Client;
  /** The files to tail; rotated siblings (`<path>.1`, `<path>.2`, …) are read too. */
  files: () => WatchedFile[];
  offsetsFile: string;
  offsets: Offsets;
  health: ShipperHealth;
  /** Documents name their file relative to this directory. */
  root: string;
  maxLine: number;
  /** A file whose lines name no app id yet is held back this long (and this many bytes) for one. */
  holdMs: number;
  holdBytes: number;
  deadLetterIndex: string;
  log: (message: string) => void;
}

/** Elasticsearch could not take a request (down, overloaded, refusing): retry the pass later. */
export class ShipError extends Error {}

interface Item {
  id: string;
  doc: SparkLogDocument;
  line: Line;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;
const validTs = (ts: string) => ISO.test(ts) && !Number.isNaN(Date.parse(ts));

/** A watched file or one of its rotated siblings, with the path it rotates from. */
type Tailed = WatchedFile & { base: string };

/** The path a rotated file (`<path>.N`) was written at. */
const basePath = (file: string) => file.replace(/\.\d+$/, '');

function withSiblings(files: WatchedFile[]): Tailed[] {
  const out: Tailed[] = [];
  for (const file of files) {
    const dir = path.dirname(file.path);
    const base = path.basename(file.path);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    // Oldest rotation first: a renamed file is finished before its successor starts.
    const rotated = names
      .filter((n) => n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)))
      .sort((a, b) => Number(b.slice(base.length + 1)) - Number(a.slice(base.length + 1)));
    for (const name of rotated) out.push({ ...file, path: path.join(dir, name), base: file.path });
    out.push({ ...file, base: file.path });
  }
  return out;
}

export class Shipper {
  private held = new Map<string, number>();
  /** The app id a log names, shared by its rotated files (an older one named it first). */
  private learned = new Map<string, string>();

  constructor(private readonly o: ShipperOptions) {
    for (const state of Object.values(o.offsets.files))
      if (state.appId) this.learned.set(basePath(state.path), state.appId);
  }

  /** Ships what is new in every file. `final`: hold nothing back (the shipper is stopping). */
  async pass(signal: AbortSignal, final = false): Promise<void> {
    // One reader per identity: a copy and its original (copy-truncate) are the same file; the
    // longer holds every line the shorter does.
    const open = new Map<string, { file: OpenFile; watched: Tailed }>();
    for (const watched of withSiblings(this.o.files())) {
      const file = openFile(watched.path);
      if (!file) continue;
      const other = open.get(file.identity);
      if (other && other.file.size >= file.size) {
        closeFile(file);
        continue;
      }
      if (other) closeFile(other.file);
      open.set(file.identity, { file, watched });
    }
    try {
      for (const { file, watched } of open.values()) {
        signal.throwIfAborted();
        await this.shipFile(file, watched, signal, final);
      }
    } finally {
      for (const { file } of open.values()) closeFile(file);
    }
    this.o.health.lag.clear();
    for (const { file } of open.values()) {
      const state = this.o.offsets.files[file.identity];
      this.o.health.lag.set(
        this.relative(file.path),
        Math.max(0, file.size - (state?.offset ?? 0)),
      );
    }
    // Forget files gone from every watched path (rotated away and deleted).
    for (const identity of Object.keys(this.o.offsets.files))
      if (!open.has(identity)) {
        if (!existsSync(this.o.offsets.files[identity]!.path))
          delete this.o.offsets.files[identity];
      }
    this.o.health.lastSuccessAt = Date.now();
  }

  private relative(file: string) {
    return path.relative(this.o.root, file);
  }

  private async shipFile(file: OpenFile, watched: Tailed, signal: AbortSignal, final: boolean) {
    const { offsets } = this.o;
    let state: FileState = offsets.files[file.identity] ?? {
      offset: offsets.legacy[file.path] ?? 0,
      path: file.path,
    };
    if (file.size < state.offset) state = { offset: 0, path: file.path };
    if (!state.appId && this.learned.has(watched.base))
      state = { ...state, appId: this.learned.get(watched.base) };
    for (;;) {
      const read = readLines(file, state, this.o.maxLine);
      if (read.offset === state.offset && read.cutStart === state.cutStart) break;
      // Truncated (copy-truncate) while being read: what was read may be the new content.
      if (!sameFile(file)) break;
      const { items, next } = this.documents(file, watched, state, read.lines);
      const needsAppId = !watched.source.appId && !next.appId;
      if (needsAppId && !final && items.length) {
        const since = this.held.get(file.identity) ?? Date.now();
        this.held.set(file.identity, since);
        if (Date.now() - since < this.o.holdMs && read.offset - state.offset < this.o.holdBytes)
          break;
      }
      this.held.delete(file.identity);
      await this.ship(items, signal);
      state = { ...next, offset: read.offset, cutStart: read.cutStart, path: file.path };
      offsets.files[file.identity] = state;
      if (state.appId) this.learned.set(watched.base, state.appId);
      this.save();
    }
    if (offsets.files[file.identity]) offsets.files[file.identity]!.path = file.path;
  }

  /** The documents of some lines, and the file's state after them. */
  private documents(file: OpenFile, watched: WatchedFile, state: FileState, lines: Line[]) {
    let { lastTs, appId } = state;
    const make = (line: Line, time: string | undefined, fileAppId: string | undefined) =>
      enrich(line.text, {
        ...watched.source,
        file: this.relative(file.path),
        offset: line.offset,
        fileAppId,
        time: time ?? file.birthtime ?? new Date().toISOString(),
        cutBytes: line.cutBytes,
      });
    const times: (string | undefined)[] = [];
    const items: Item[] = lines.map((line) => {
      times.push(lastTs);
      const doc = make(line, lastTs, appId);
      if (!doc.raw && validTs(doc['@timestamp'])) lastTs = doc['@timestamp'];
      if (!watched.source.appId && !appId && doc.appId) appId = doc.appId;
      return { id: documentId({ file: file.identity, offset: line.offset }, line.text), doc, line };
    });
    // The lines before the first that named the app id get it too.
    if (appId && appId !== state.appId)
      items.forEach((item, i) => {
        if (!item.doc.appId) item.doc = make(item.line, times[i], appId);
      });
    return { items, next: { ...state, lastTs, appId } };
  }

  private async ship(items: Item[], signal: AbortSignal) {
    const dead: { item: Item; status: number; error: unknown }[] = [];
    let shipped = 0;
    for (const batch of batches(items)) {
      const operations = batch.flatMap((item) => [
        {
          index: {
            _index: indexFor(
              validTs(item.doc['@timestamp']) ? item.doc['@timestamp'] : new Date().toISOString(),
            ),
            _id: item.id,
          },
        },
        item.doc,
      ]);
      const result = await this.bulk(operations, signal);
      result.items.forEach((entry, i) => {
        const r = entry.index!;
        if (r.status < 300) shipped += 1;
        else if (r.status === 429 || r.status >= 500)
          throw new ShipError(
            `Elasticsearch answered ${r.status} for a line: ${errorText(r.error)}`,
          );
        else dead.push({ item: batch[i]!, status: r.status, error: r.error });
      });
    }
    if (dead.length) {
      const operations = dead.flatMap(({ item, status, error }) => [
        { index: { _index: this.o.deadLetterIndex, _id: item.id } },
        {
          '@timestamp': new Date().toISOString(),
          status,
          errorType:
            typeof error === 'object' && error
              ? String((error as { type?: unknown }).type)
              : undefined,
          reason: errorText(error),
          index: indexFor(item.doc['@timestamp']),
          documentId: item.id,
          source: item.doc.source,
          message: item.line.text,
          document: item.doc,
        },
      ]);
      const result = await this.bulk(operations, signal);
      const failed = result.items.find((entry) => (entry.index?.status ?? 500) >= 300);
      if (failed)
        throw new ShipError(
          `the dead-letter index refused a line: ${errorText(failed.index?.error)}`,
        );
      this.o.log(
        `shipper: ${dead.length} line(s) refused by Elasticsearch, dead-lettered: ${errorText(dead[0]!.error)}`,
      );
    }
    const h = this.o.health;
    h.shipped += shipped;
    h.deadLettered += dead.length;
    h.raw += items.filter((i) => i.doc.raw).length;
    h.cut += items.filter((i) => i.doc.cutBytes !== undefined).length;
  }

  private async bulk(operations: object[], signal: AbortSignal) {
    try {
      return await this.o.es.bulk({ operations }, { signal, maxRetries: 0 });
    } catch (error) {
      throw new ShipError(`bulk request failed: ${(error as Error).message}`, { cause: error });
    }
  }

  private save() {
    try {
      saveOffsets(this.o.offsetsFile, this.o.offsets);
    } catch (error) {
      // Kept in memory and written again after the next chunk; ids are stable, so a crash
      // before then re-ships lines without duplicating them.
      this.o.health.offsetWriteErrors += 1;
      this.o.health.lastError = {
        message: `offsets not saved: ${(error as Error).message}`,
        at: Date.now(),
      };
    }
  }
}

function errorText(error: unknown): string {
  if (typeof error !== 'object' || !error) return String(error);
  const e = error as { type?: unknown; reason?: unknown; caused_by?: { reason?: unknown } };
  const cause = e.caused_by?.reason ? ` (${String(e.caused_by.reason)})` : '';
  return `${String(e.type)}: ${String(e.reason)}${cause}`;
}

function* batches(items: Item[]): Generator<Item[]> {
  let batch: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = item.line.text.length + 512;
    if (batch.length && bytes + size > BULK_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length) yield batch;
}
