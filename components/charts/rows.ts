import type { MetricSeries } from '@/lib/api/types';

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

/** Joins series on their timestamps into recharts rows: {t, [seriesName]: value}. */
export function toRows(series: { name: string; points: [number, number][] }[]): ChartRows {
  const byTime = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      const row = byTime.get(t) ?? { t };
      row[s.name] = v;
      byTime.set(t, row);
    }
  }
  return {
    rows: [...byTime.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)),
    keys: series.map((s) => s.name),
  };
}
