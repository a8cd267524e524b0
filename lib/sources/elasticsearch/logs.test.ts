import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogPage } from '@/lib/domain/types';
import { UpstreamError } from '@/lib/http/errors';
import { replayBackends } from '@/lib/http/replay';
import { DEFAULT_LOG_FIELDS } from './fields';
import {
  buildLogQuery,
  decodeCursor,
  encodeCursor,
  histogramInterval,
  searchLogPages,
  searchLogs,
  toLogPage,
} from './logs';

const raw: unknown = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'elasticsearch.search.stage-filter.json'), 'utf8'),
);

describe('Elasticsearch log queries built from parts', () => {
  it('puts ids in term filters, levels in terms, time in range, and text only in simple_query_string', () => {
    const hostile = '") OR *:* {"match_all":{}}';
    const q = buildLogQuery({
      appId: 'app-20261125010400-0000',
      stageId: 3,
      executorId: '1',
      levels: ['ERROR', 'WARN'],
      q: hostile,
      from: 1795568640000,
      to: 1795575840000,
    });
    expect(q.bool.filter).toEqual([
      {
        range: { '@timestamp': { gte: 1795568640000, lte: 1795575840000, format: 'epoch_millis' } },
      },
      { term: { appId: 'app-20261125010400-0000' } },
      { term: { stageId: '3' } },
      { term: { executorId: '1' } },
      { terms: { level: ['ERROR', 'WARN'] } },
    ]);
    expect(q.bool.must).toHaveLength(1);
    expect(q.bool.must[0]?.simple_query_string.query).toBe(hostile);
    // No prefix, fuzzy, near or slop operators (lib/sources/elasticsearch/pit.int.test.ts runs them).
    expect(q.bool.must[0]?.simple_query_string.flags).toBe(
      'AND|OR|NOT|PHRASE|PRECEDENCE|ESCAPE|WHITESPACE',
    );
  });

  it('uses the field names a mapping gives', () => {
    const q = buildLogQuery(
      { traceId: 'abc', from: 0, to: 1 },
      { ...DEFAULT_LOG_FIELDS, traceId: 'trace.id', timestamp: 'ts' },
    );
    expect(q.bool.filter).toContainEqual({ term: { 'trace.id': 'abc' } });
    expect(q.bool.filter[0]).toHaveProperty('range.ts');
  });

  it('picks a round histogram interval of at least a second', () => {
    expect(histogramInterval(0, 7200_000, 60)).toBe(120_000);
    expect(histogramInterval(0, 10_000, 100)).toBe(1000);
  });
});

// For the whole file: the backends' URLs are set before anything reads the configuration.
const replay = replayBackends();

describe('a recorded search answer as a page', () => {
  // Built in a test, not while collecting: its cursor is signed with the configuration's key,
  // and reading the configuration here would fix it before the replay below sets the backends.
  let page: LogPage;
  beforeAll(() => {
    page = toLogPage(raw, { limit: 2, fields: DEFAULT_LOG_FIELDS }).value;
  });

  it('maps hits to log entries with their Spark ids', () => {
    expect(page.total).toBe(10);
    expect(page.totalIsExact).toBe(true);
    expect(page.entries[1]).toMatchObject({
      id: 'c8d4aa94a4139b4677227e5e',
      timestamp: Date.parse('2026-11-25T01:05:10.863Z'),
      level: 'INFO',
      logger: 'Executor',
      executorId: '1',
      stageId: '3',
      batchId: '1',
      taskId: '15',
      traceId: '7d1a42ee5c0fe2f9c0cbadc0a55f90dd',
    });
  });

  it('keeps the level histogram and issues a cursor only when the page is full', () => {
    expect(page.histogram.reduce((n, b) => n + (b.counts.INFO ?? 0), 0)).toBe(10);
    expect(decodeCursor(page.nextCursor ?? '')).toEqual({ after: [1795568710863] });
    expect(
      toLogPage(raw, { limit: 50, fields: DEFAULT_LOG_FIELDS }).value.nextCursor,
    ).toBeUndefined();
  });

  it('accepts only cursors shaped like its own', () => {
    expect(decodeCursor(encodeCursor({ after: [1, 'x'], pit: 'abc=' }))).toEqual({
      after: [1, 'x'],
      pit: 'abc=',
    });
    const forged = Buffer.from(JSON.stringify({ after: [{ match_all: {} }] })).toString(
      'base64url',
    );
    expect(decodeCursor(forged)).toBeUndefined();
    expect(decodeCursor('not-base64-json')).toBeUndefined();
  });

  it('refuses a cursor whose payload was edited or signed with another key', () => {
    const issued = encodeCursor({ after: [1795568710863], pit: 'abc=' });
    const [, signature] = issued.split('.');
    const edited = `${Buffer.from(JSON.stringify({ after: [1795568710863], pit: 'other=' })).toString('base64url')}.${signature}`;
    expect(decodeCursor(edited)).toBeUndefined();
    expect(decodeCursor(`${issued}x`)).toBeUndefined();
    expect(decodeCursor(issued.replace('.', '..'))).toBeUndefined();
    const otherKey = createHmac('sha256', 'another key of at least thirty-two chars')
      .update(`log-cursor\n${issued.split('.')[0]}`)
      .digest('base64url');
    expect(decodeCursor(`${issued.split('.')[0]}.${otherKey}`)).toBeUndefined();
  });
});

describe('first pages of several searches in one _msearch', () => {
  // Recorded from the seeded stack: the incident timeline's volume and executor-lost searches, and
  // the same two with the second sorted on a text field, which Elasticsearch fails alone.
  const answerWith = (name: string) =>
    replay.answer(
      () =>
        new Response(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), {
          headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
        }),
    );
  const window = { appId: 'app-20261125094100-0000', from: 1795605240000, to: 1795606860000 };
  const timelineSearches = [
    { ...window, limit: 0, buckets: 75 },
    { ...window, limit: 50, levels: ['ERROR'], q: '"Lost executor"' },
  ];

  it('sends one NDJSON request, a header and a body per search, and reads a page of each', async () => {
    answerWith('elasticsearch.msearch.volume-and-lost.json');
    const [volume, lost] = await searchLogPages(timelineSearches);
    expect(replay.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['POST /_msearch']);
    const lines = (replay.calls[0]?.body ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({
      index: 'spark-logs-*',
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    // Every search stops itself a second before the client's 10 s deadline.
    expect(lines[1]).toMatchObject({ timeout: '9000ms', size: 0, aggs: { volume: {} } });
    expect(lines[3]).toMatchObject({
      timeout: '9000ms',
      size: 50,
      query: buildLogQuery(timelineSearches[1]!),
    });
    expect(volume?.value.entries).toEqual([]);
    expect(volume?.value.histogram.some((b) => (b.counts.INFO ?? 0) > 0)).toBe(true);
    expect(lost?.value.entries.map((e) => e.message)).toEqual([
      'Lost executor 1 on 192.0.2.2: Command exited with code 137',
    ]);
  });

  it('fails naming the reason when Elasticsearch fails one of the searches', async () => {
    answerWith('elasticsearch.msearch.one-failed.json');
    const failure = await searchLogPages(timelineSearches).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ source: 'elasticsearch', kind: 'http', status: 400 });
    expect((failure as UpstreamError).message).toMatch(
      /rejected the log search \(HTTP 400: Fielddata is disabled on \[message\]/,
    );
  });

  it('a search Elasticsearch refuses whole fails the same way, with its root cause', async () => {
    // The failed item above is the body Elasticsearch answers a refused _search with.
    const failed = (
      JSON.parse(
        readFileSync(
          path.join(__dirname, 'fixtures', 'elasticsearch.msearch.one-failed.json'),
          'utf8',
        ),
      ) as { responses: unknown[] }
    ).responses[1];
    replay.answer(() =>
      Response.json(failed, { status: 400, headers: { 'x-elastic-product': 'Elasticsearch' } }),
    );
    const failure = await searchLogs({ ...window, limit: 10 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ source: 'elasticsearch', kind: 'http', status: 400 });
    expect((failure as UpstreamError).message).toMatch(
      /rejected the log search \(HTTP 400: Fielddata is disabled on \[message\]/,
    );
  });
});
