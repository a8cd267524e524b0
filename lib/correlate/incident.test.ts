import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriesOf } from '@/lib/domain/series';
import type { Alert, MetricSeries } from '@/lib/domain/types';
import { onsetOf, scopeOf } from './incident';

// ALERTS{alertname="StreamingNoInput"} as Prometheus kept it across its own restart, which reset
// Alertmanager's startsAt to 03:34:34 while the alert had fired since 03:05.
const recorded = JSON.parse(
  readFileSync(
    path.join(__dirname, '../sources/prometheus/fixtures/prometheus.query_range.alerts-onset.json'),
    'utf8',
  ),
) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
const series: MetricSeries[] = recorded.data.result.map((r) =>
  seriesOf(
    r.metric,
    30_000,
    r.values.map(([t, v]) => [t * 1000, Number(v)]),
  ),
);

const alert: Alert = {
  fingerprint: '40625df97d87fc29',
  name: 'StreamingNoInput',
  state: 'active',
  appId: 'app-20261125010400-0000',
  appName: 'miaradia-streaming',
  query: 'avg_price_per_city',
  startsAt: Date.parse('2026-11-25T03:34:34.390Z'),
  labels: {},
};

describe('incident scope', () => {
  it("finds the onset of the firing run that covers Alertmanager's startsAt", () => {
    expect(onsetOf(series, alert.startsAt, 30_000)).toBe(Date.parse('2026-11-25T03:05:30Z'));
  });

  it('joins a pending run to the firing run that follows it', () => {
    const run = (alertstate: string, ...at: number[]): MetricSeries =>
      seriesOf(
        { alertstate },
        60_000,
        at.map((t) => [t, 1]),
      );
    const pending = run('pending', 0, 60_000);
    const firing = run('firing', 120_000, 180_000);
    const earlier = run('firing', -900_000);
    expect(onsetOf([firing, pending, earlier], 170_000, 60_000)).toBe(0);
    expect(onsetOf([firing], 10_000_000, 60_000)).toBeUndefined();
  });

  it('pads the window from the onset, and ends it at endsAt for resolved alerts', () => {
    const now = Date.parse('2026-11-25T04:00:00Z');
    const onset = Date.parse('2026-11-25T03:06:00Z');
    expect(scopeOf(alert, { now, onset })).toMatchObject({
      appId: 'app-20261125010400-0000',
      query: 'avg_price_per_city',
      onset,
      window: { from: onset - 30 * 60_000, to: now },
    });
    const resolved = { ...alert, state: 'resolved' as const, endsAt: now - 3600_000 };
    expect(scopeOf(resolved, { now })?.window).toEqual({
      from: alert.startsAt - 30 * 60_000,
      to: now - 3600_000 + 5 * 60_000,
    });
    expect(scopeOf({ ...alert, appId: undefined } as unknown as Alert)).toBeUndefined();
  });
});
