import { describe, expect, it } from 'vitest';
import { firstTime, forEachValue, lastTime, seriesOf } from './series';

describe('series on a step grid', () => {
  it('puts each value at start + i × step, with gaps as null, and reads them back', () => {
    const s = seriesOf({ query: 'q' }, 15_000, [
      [30_000, Number.NaN],
      [45_000, 2],
      [60_000, 3],
      [105_000, 7],
      [120_000, Number.POSITIVE_INFINITY],
    ]);
    expect(s).toEqual({
      labels: { query: 'q' },
      start: 45_000,
      step: 15_000,
      values: [2, 3, null, null, 7],
    });
    expect([firstTime(s), lastTime(s)]).toEqual([45_000, 105_000]);
    const seen: [number, number][] = [];
    forEachValue(s, (t, v) => seen.push([t, v]));
    expect(seen).toEqual([
      [45_000, 2],
      [60_000, 3],
      [105_000, 7],
    ]);
  });

  it('drops times off the grid or not after the last value', () => {
    const s = seriesOf({}, 10_000, [
      [0, 1],
      [5_000, 9],
      [10_000, 2],
      [10_000, 9],
      [0, 9],
      [20_000, 3],
    ]);
    expect(s.values).toEqual([1, 2, 3]);
  });

  it('has no first or last time when it has no value', () => {
    const s = seriesOf({}, 10_000, [[0, Number.NaN]]);
    expect(s.values).toEqual([]);
    expect([firstTime(s), lastTime(s)]).toEqual([undefined, undefined]);
  });
});
