import { forEachValue } from '@/lib/domain/series';
import type { MetricSeries } from '@/lib/domain/types';

export interface ChartRows {
  rows: Record<string, number>[];
  keys: string[];
}

/** Names a series by its distinguishing labels (query, executor…), or the fallback. */
export function seriesName(s: MetricSeries, fallback: string): string {
  const parts = Object.entries(s.labels)
    .filter(([k]) => k !== '__name__')
    .map(([, v]) => v);
  return parts.length ? parts.join(' / ') : fallback;
}

/** Joins series on their timestamps into recharts rows: {t, [seriesName]: value}; gaps stay out. */
export function toRows(named: { name: string; series: MetricSeries }[]): ChartRows {
  const byTime = new Map<number, Record<string, number>>();
  for (const { name, series } of named) {
    forEachValue(series, (t, v) => {
      const row = byTime.get(t) ?? { t };
      row[name] = v;
      byTime.set(t, row);
    });
  }
  return {
    rows: [...byTime.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)),
    keys: named.map((s) => s.name),
  };
}
