import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_FIELDS } from './fields';
import { buildLogQuery, decodeCursor, encodeCursor, histogramInterval, toLogPage } from './logs';

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

describe('a recorded search answer as a page', () => {
  const page = toLogPage(raw, { limit: 2, fields: DEFAULT_LOG_FIELDS }).value;

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
});
