import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { PROGRESS_PHRASE, batchProgress, parseProgressMessage, progressRequest } from './progress';

// The progress line of batch 9 of a real Miaradia run (Kafka source, Delta sink), as the shipper
// indexed it, recorded from the local Elasticsearch.
const fixture = readFileSync(
  path.join(__dirname, 'fixtures', 'elasticsearch.search.batch-progress.json'),
  'utf8',
);
const APP = 'app-20261201063325-0000';
const replay = replayBackends();

describe('a micro-batch’s progress from its log line', () => {
  it('asks for the app and batch as terms and the phrase as a match_phrase, never pasted', () => {
    const hostile = '9") OR *:*';
    const body = progressRequest(hostile, 9);
    expect(body.query.bool.filter).toEqual([
      { term: { appId: hostile } },
      { term: { batchId: '9' } },
    ]);
    expect(body.query.bool.must).toEqual([{ match_phrase: { message: PROGRESS_PHRASE } }]);
  });

  it('reads phases, offsets and rows per source, watermark and state from a real line', async () => {
    replay.answer(
      () =>
        new Response(fixture, {
          headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
        }),
    );
    const [p, ...more] = await batchProgress(APP, 9);
    expect(more).toEqual([]);
    expect(replay.calls[0]?.url.pathname).toMatch(/\/spark-logs-\*\/_search$/);
    expect(p).toMatchObject({
      queryId: '695c65e3-b526-4cbf-9c50-8544c9299d33',
      name: 'avg_price_per_city',
      batchId: 9,
      timestamp: Date.parse('2026-12-01T06:35:10.000Z'),
      batchDurationMs: 2882,
      numInputRows: 200,
      watermark: Date.parse('2026-12-01T06:25:03.000Z'),
      durationMs: { addBatch: 2744, walCommit: 50, triggerExecution: 2882 },
      sink: { description: 'ForeachBatchSink', numOutputRows: -1 },
    });
    expect(p?.sources).toEqual([
      {
        description: 'KafkaV2[Subscribe[rides]]',
        startOffset: '{"rides":{"0":1280,"1":3360}}',
        endOffset: '{"rides":{"0":1400,"1":3440}}',
        latestOffset: '{"rides":{"0":1400,"1":3440}}',
        numInputRows: 200,
      },
    ]);
    expect(p?.stateOperators).toEqual([
      {
        operatorName: 'stateStoreSave',
        numRowsTotal: 16,
        numRowsUpdated: 8,
        numRowsRemoved: 0,
        numRowsDroppedByWatermark: 0,
        memoryUsedBytes: 7568,
      },
    ]);
  });

  it('ignores lines that are not a progress or are cut', () => {
    expect(parseProgressMessage('Streaming query made progress: {"id": "x", ')).toBeUndefined();
    expect(parseProgressMessage('Lost executor 0 on 127.0.0.1: Command exited')).toBeUndefined();
    expect(parseProgressMessage(`${PROGRESS_PHRASE}: {"batchId": 3}`)).toBeUndefined();
  });
});
