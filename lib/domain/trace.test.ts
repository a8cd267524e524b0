import { describe, expect, it } from 'vitest';
import { metricsWindowOf, outlineOf, traceOfOutline, toTrace } from './trace';
import type { SpanHead } from './types';

/** Times as the decoders give them: whole microseconds, the duration as end − start in ms. */
const timed = (startUs: number, endUs: number) => ({
  start: startUs / 1000,
  durationMs: endUs / 1000 - startUs / 1000,
});

const span = (over: Partial<SpanHead> & Pick<SpanHead, 'spanId'>): SpanHead => ({
  traceId: 't1',
  name: 'stage 1',
  service: 'miaradia',
  ...timed(1_796_113_564_195_026, 1_796_113_566_576_342),
  status: 'unset',
  spark: {},
  ...over,
});

describe('a trace outline built from spans (Jaeger over HTTP)', () => {
  it('gives back the same trace: ids, parents, names, times to the microsecond, status, Spark ids', () => {
    const spans = [
      span({ spanId: 'a1', name: 'batch 7', spark: { appId: 'app-1', batchId: '7' } }),
      span({
        spanId: 'b2',
        parentSpanId: 'a1',
        name: 'job "3"\n',
        ...timed(1_796_113_564_200_500, 1_796_113_564_212_750),
        status: 'error',
        statusMessage: 'ExecutorLostFailure',
        spark: { appId: 'app-1', jobId: '3' },
      }),
      span({ spanId: 'c3', parentSpanId: 'b2', service: 'other', status: 'ok', spark: {} }),
    ];
    const outline = outlineOf('t1', spans);
    expect(outline.spanCount).toBe(3);
    expect(outline.spark.stageId).toBeUndefined();
    const back = traceOfOutline(JSON.parse(JSON.stringify(outline)));
    expect(back).toEqual(toTrace('t1', spans));
    expect(back.rootName).toBe('batch 7');
  });

  it('is empty for no spans', () => {
    expect(traceOfOutline(outlineOf('t1', [])).spans).toEqual([]);
  });

  it("lets a span's own ids win over its resource's, and an empty one clear it", () => {
    const outline = {
      ...outlineOf('t1', [span({ spanId: 'a1' }), span({ spanId: 'b2' }), span({ spanId: 'c3' })]),
      resources: [{ service: 'miaradia', spark: { appId: 'app-1', stageId: '4' } }],
      spark: {
        stageId: [
          [1, null],
          [1, '5'],
          [1, ''],
        ] as [number, string | null][],
      },
    };
    expect(traceOfOutline(outline).spans.map((s) => s.spark)).toEqual([
      { appId: 'app-1', stageId: '4' },
      { appId: 'app-1', stageId: '5' },
      { appId: 'app-1' },
    ]);
  });
});

describe('the metrics window around a trace', () => {
  it('is five minutes either side, in whole ms, and ends at now at the latest', () => {
    expect(metricsWindowOf({ start: 1_000_000.5, durationMs: 2000 }, 10_000_000)).toEqual({
      from: 700_000,
      to: 1_302_001,
    });
    expect(metricsWindowOf({ start: 1_000_000, durationMs: 2000 }, 1_100_000)).toEqual({
      from: 700_000,
      to: 1_100_000,
    });
  });
});
