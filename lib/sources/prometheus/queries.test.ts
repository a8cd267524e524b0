import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '@/lib/http/errors';
import { replayBackends } from '@/lib/http/replay';
import { instantQuery, rangeQuery } from './queries';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const replay = replayBackends();

/** Answers every request with a recorded Prometheus response; returns the (live) requests. */
function serve(name: string, status = 200) {
  replay.answer(() => new Response(fixture(name), { status }));
  return replay.calls;
}

describe('Prometheus queries', () => {
  it('sends seconds, a step of at most one point per pixel, and answers epoch ms', async () => {
    const calls = serve('prometheus.query_range.input-rate-incident.json');
    const answer = await rangeQuery('sum by (query) (spark_streaming_input_rate)', {
      from: 1795574640000,
      to: 1795575840000,
      maxPoints: 20,
    });
    const sent = calls[0]?.url.searchParams;
    expect(calls[0]?.url.pathname).toBe('/api/v1/query_range');
    expect(sent?.get('start')).toBe('1795574640.000');
    expect(sent?.get('end')).toBe('1795575840.000');
    expect(sent?.get('step')).toBe('60');
    expect(answer.value[0]?.labels).toEqual({ query: 'avg_price_per_city' });
    expect(answer.value[0]).toMatchObject({ start: 1795574640000, step: 60_000 });
    expect(answer.value[0]?.values).toHaveLength(21);
    // 1795575120000 and 1795575180000: the input stopping.
    expect(answer.value[0]?.values.slice(8, 10)).toEqual([36, 0]);
  });

  it('ends a series at its last number: trailing NaN samples (0/0 while stalled) are not values', async () => {
    serve('prometheus.query_range.ratio-with-nan.json');
    const answer = await rangeQuery('ratio', {
      from: 1795575000000,
      to: 1795575600000,
      maxPoints: 10,
    });
    expect(answer.value[0]).toEqual({
      labels: { query: 'avg_price_per_city' },
      start: 1795575000000,
      step: 60_000,
      values: [0.09590643274853801, 0.07109415640714409, 0.099009900990099],
    });
  });

  it('keeps missing and non-finite samples inside a series as null gaps on the step grid', async () => {
    replay.answer(() =>
      Response.json({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: { executor_id: '1' },
              values: [
                [1795575060, 'NaN'],
                [1795575120, '4'],
                [1795575180, '+Inf'],
                [1795575300, '2.5'],
              ],
            },
          ],
        },
      }),
    );
    const answer = await rangeQuery('up', {
      from: 1795575000000,
      to: 1795575600000,
      maxPoints: 10,
    });
    expect(answer.value).toEqual([
      {
        labels: { executor_id: '1' },
        start: 1795575120000,
        step: 60_000,
        values: [4, null, null, 2.5],
      },
    ]);
  });

  it('refuses a matrix whose samples are not [seconds, "value"] pairs, naming where', async () => {
    replay.answer(() =>
      Response.json({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values: [[1795575000, 36]] }] },
      }),
    );
    const failure = await rangeQuery('up', { from: 0, to: 60_000, maxPoints: 10 }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ kind: 'bad_response', source: 'prometheus' });
    expect((failure as UpstreamError).message).toMatch(/result\.0\.values: expected \[seconds/);
  });

  it("keeps Prometheus's reason for a bad query", async () => {
    serve('prometheus.query.bad-data.json', 400);
    const failure = await instantQuery('up{', undefined).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).message).toMatch(/bad_data: invalid parameter "query"/);
    expect((failure as UpstreamError).status).toBe(400);
  });
});
