import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { LOGGER_BUCKETS, logVolumeByLogger, logVolumeRequest } from './log-volume';

// The aggregation answer of a real revenue-nightly run's lines (pyspark 4.0.5, the shipper's
// documents), recorded from the local Elasticsearch.
const fixture = readFileSync(
  path.join(__dirname, 'fixtures', 'elasticsearch.search.log-volume.json'),
  'utf8',
);
const APP = 'app-20261201063557-0000';
const window = { from: 1796106800000, to: 1796107600000 };
const replay = replayBackends();

describe('log volume by logger', () => {
  it('is one aggregation search: the app as a term, the window as a range, errors as levels', () => {
    const hostile = 'app-1" OR *:*';
    const body = logVolumeRequest(hostile, window);
    expect(body.size).toBe(0);
    expect(body.query.bool.filter).toEqual([
      { term: { appId: hostile } },
      { range: { '@timestamp': { gte: window.from, lte: window.to, format: 'epoch_millis' } } },
    ]);
    expect(body.aggs.errors).toEqual({ filter: { terms: { level: ['ERROR', 'FATAL'] } } });
    expect(body.aggs.loggers.terms).toEqual({
      field: 'logger',
      size: LOGGER_BUCKETS,
      missing: '(none)',
    });
  });

  it('reads lines and errors per logger and in total from a real answer', async () => {
    replay.answer(
      () =>
        new Response(fixture, {
          headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
        }),
    );
    const v = await logVolumeByLogger(APP, window);
    expect(v.total).toBe(701);
    expect(v.errors).toBe(4);
    expect(v.byLogger).toHaveLength(50);
    expect(v.byLogger[0]).toEqual({ logger: 'DAGScheduler', lines: 93, errors: 0 });
    expect(v.byLogger.reduce((n, l) => n + l.errors, 0)).toBeLessThanOrEqual(v.errors);
    const sent = JSON.parse(replay.calls[0]?.body ?? '{}') as { query: unknown };
    expect(sent.query).toEqual(logVolumeRequest(APP, window).query);
  });
});
