import { Client, errors } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as LogsModule from './logs';
import type { LogCursor } from './logs';

// Points in time on the real Elasticsearch: opened on the second page, closed after the last one
// and when a search in them fails. Five lines in an index of this run's own, paged two by two.
const index = `sparkwatch-test-pit-${process.pid}`;
const es = new Client({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' });
const t0 = Date.parse('2026-11-25T03:00:00Z');
const window = { from: t0 - 60_000, to: t0 + 60_000, limit: 2 };

type Logs = typeof LogsModule;
let logs: Logs;

beforeAll(async () => {
  vi.stubEnv('ES_LOG_INDEX', index);
  vi.stubEnv('SPARKWATCH_SECRET', 'pit-int-test-secret-of-at-least-32-chars');
  vi.resetModules();
  logs = await import('./logs');
  await es.bulk({
    refresh: true,
    operations: [0, 1, 2, 3, 4].flatMap((i) => [
      { index: { _index: index } },
      { '@timestamp': new Date(t0 + i * 1000).toISOString(), level: 'INFO', message: `line ${i}` },
    ]),
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await es.indices.delete({ index, ignore_unavailable: true });
  await es.close();
});

/** Whether Elasticsearch still knows a point in time (a search in it answers 404 once closed). */
async function isOpen(pit: string): Promise<boolean> {
  try {
    await es.search({ size: 0, pit: { id: pit } });
    return true;
  } catch (error) {
    if (error instanceof errors.ResponseError && error.statusCode === 404) return false;
    throw error;
  }
}

const cursorOf = (raw: string | undefined): LogCursor => {
  const cursor = raw === undefined ? undefined : logs.decodeCursor(raw);
  if (!cursor) throw new Error(`not a cursor: ${raw}`);
  return cursor;
};

describe('points in time of log paging (real Elasticsearch)', () => {
  it('opens one on the second page and closes it after the last', async () => {
    const first = await logs.searchLogs(window);
    expect(first.value.entries.map((e) => e.message)).toEqual(['line 4', 'line 3']);
    expect(cursorOf(first.value.nextCursor).pit).toBeUndefined();
    const second = await logs.searchLogs({ ...window, cursor: cursorOf(first.value.nextCursor) });
    const pit = cursorOf(second.value.nextCursor).pit;
    expect(pit).toBeDefined();
    expect(await isOpen(pit!)).toBe(true);
    const last = await logs.searchLogs({ ...window, cursor: cursorOf(second.value.nextCursor) });
    expect(last.value.entries.map((e) => e.message)).toEqual(['line 0']);
    expect(last.value.nextCursor).toBeUndefined();
    expect(await isOpen(pit!)).toBe(false);
  });

  it('closes it when a search in it fails', async () => {
    const first = await logs.searchLogs(window);
    const second = await logs.searchLogs({ ...window, cursor: cursorOf(first.value.nextCursor) });
    const pit = cursorOf(second.value.nextCursor).pit!;
    expect(await isOpen(pit)).toBe(true);
    // A sort value Elasticsearch cannot read as a date fails the search inside the point in time.
    await expect(
      logs.searchLogs({ ...window, cursor: { after: ['not a date', null, null], pit } }),
    ).rejects.toMatchObject({ source: 'elasticsearch', kind: 'http' });
    expect(await isOpen(pit)).toBe(false);
  });

  it('restricts the operators of free text', async () => {
    // Prefix and fuzzy operators are off: `lin*` and `lime~1` match nothing, a phrase still does.
    const text = async (q: string) =>
      (await logs.searchLogs({ ...window, limit: 10, q })).value.entries.length;
    expect(await text('"line 3"')).toBe(1);
    expect(await text('lin*')).toBe(0);
    expect(await text('lime~1')).toBe(0);
    expect(await text('line -"line 3"')).toBe(4);
  });
});
