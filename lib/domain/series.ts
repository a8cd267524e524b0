/**
 * Reading and building `MetricSeries` (values on a step grid), for the server's joins and the
 * browser's charts alike.
 */
import type { MetricSeries } from './types';

/** Epoch ms of the first value, or undefined when the series has none. */
export function firstTime(s: MetricSeries): number | undefined {
  return s.values.length ? s.start : undefined;
}

/** Epoch ms of the last value, or undefined when the series has none. */
export function lastTime(s: MetricSeries): number | undefined {
  return s.values.length ? s.start + (s.values.length - 1) * s.step : undefined;
}

/** Calls `visit` with the time and value of every value that is not a gap, in time order. */
export function forEachValue(s: MetricSeries, visit: (t: number, v: number) => void): void {
  const { start, step, values } = s;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v !== null && v !== undefined) visit(start + i * step, v);
  }
}

/**
 * Appends the value at `t` to a series being built in time order. A non-finite value is a gap, and
 * so is every grid time skipped; a time off the grid or not after the last value is dropped.
 */
export function pushValue(s: MetricSeries, t: number, v: number): void {
  if (!Number.isFinite(v)) return;
  const { values } = s;
  if (values.length === 0) {
    s.start = t;
    values.push(v);
    return;
  }
  const i = (t - s.start) / s.step;
  if (!Number.isInteger(i) || i < values.length) return;
  while (values.length < i) values.push(null);
  values.push(v);
}

/** A series from `[epoch ms, value]` pairs in time order on a `step` grid (see `pushValue`). */
export function seriesOf(
  labels: Record<string, string>,
  step: number,
  pairs: Iterable<readonly [number, number]>,
): MetricSeries {
  const s: MetricSeries = { labels, start: 0, step, values: [] };
  for (const [t, v] of pairs) pushValue(s, t, v);
  return s;
}
