import { describe, expect, it } from 'vitest';
import type { LogEntry, MetricSeries } from '@/lib/domain/types';
import { seriesOf } from '@/lib/domain/series';
import { alertIntervals, executorCount, executorEvents, sightingsOf, unionApps } from './joins';

describe('joins', () => {
  it('turns ALERTS samples into firing intervals, split on gaps', () => {
    const series = [
      seriesOf({ alertname: 'StreamingNoInput', severity: 'critical' }, 15_000, [
        [0, 1],
        [15_000, 1],
        [30_000, 1],
        [120_000, 1],
      ]),
    ];
    expect(alertIntervals(series, 15_000)).toEqual([
      { name: 'StreamingNoInput', severity: 'critical', from: 0, to: 30_000, firing: false },
      { name: 'StreamingNoInput', severity: 'critical', from: 120_000, to: 120_000, firing: false },
    ]);
  });

  it('finds lost executors from metrics and takes the reason from the log line', () => {
    const series = [
      seriesOf({ executor_id: '0' }, 60_000, [
        [0, 1],
        [600_000, 1],
      ]),
      seriesOf({ executor_id: '1' }, 60_000, [
        [0, 1],
        [300_000, 1],
      ]),
    ];
    const lost: LogEntry[] = [
      {
        id: 'a',
        index: 'i',
        timestamp: 301_000,
        level: 'ERROR',
        message: 'Lost executor 1 on 192.0.2.2: Command exited with code 137',
      },
    ];
    expect(
      executorEvents({ series, lostLines: lost, window: { from: 0, to: 600_000 }, stepMs: 15_000 }),
    ).toEqual([
      { executorId: '1', kind: 'lost', at: 301_000, reason: 'Command exited with code 137' },
    ]);
  });

  describe('tells a real executor loss from an end and a planned removal', () => {
    const window = { from: 0, to: 600_000 };
    const until = (id: string, last: number) =>
      seriesOf({ executor_id: id }, 60_000, [
        [0, id === 'driver' ? 0 : 1],
        [last, id === 'driver' ? 0 : 1],
      ]);

    it("draws nothing when executors end with the driver (the app's normal end)", () => {
      const series = [until('driver', 300_000), until('0', 300_000), until('1', 300_000)];
      expect(executorEvents({ series, lostLines: [], window, stepMs: 60_000 })).toEqual([]);
    });

    it('marks an executor that left a running app without any sign of loss as removed', () => {
      const series = [until('driver', 600_000), until('0', 600_000), until('1', 240_000)];
      expect(executorEvents({ series, lostLines: [], window, stepMs: 60_000 })).toEqual([
        { executorId: '1', kind: 'removed', at: 240_000 },
      ]);
    });

    it('marks it lost when SparkExecutorLost fired after it (no log line needed)', () => {
      const series = [until('driver', 600_000), until('1', 240_000)];
      const alerts = [
        { name: 'StreamingNoInput', from: 0, to: 600_000, firing: false },
        { name: 'SparkExecutorLost', from: 300_000, to: 420_000, firing: false },
      ];
      expect(executorEvents({ series, lostLines: [], alerts, window, stepMs: 60_000 })).toEqual([
        { executorId: '1', kind: 'lost', at: 240_000 },
      ]);
      const before = [{ name: 'SparkExecutorLost', from: 0, to: 120_000, firing: false }];
      expect(
        executorEvents({ series, lostLines: [], alerts: before, window, stepMs: 60_000 })[0]?.kind,
      ).toBe('removed');
    });

    it('keeps a loss known only from its log line (metrics missing)', () => {
      const line: LogEntry = {
        id: 'a',
        index: 'i',
        timestamp: 100_000,
        level: 'ERROR',
        message: 'Lost executor 3 on 192.0.2.2: Command exited with code 137',
      };
      expect(executorEvents({ series: [], lostLines: [line], window, stepMs: 60_000 })).toEqual([
        { executorId: '3', kind: 'lost', at: 100_000, reason: 'Command exited with code 137' },
      ]);
    });
  });

  it('unions apps across backends and counts firing alerts', () => {
    const apps = unionApps(
      {
        prometheus: [{ appId: 'app-1', appName: 'a', running: true }],
        elasticsearch: [
          { appId: 'app-1', firstSeen: 5, lastSeen: 9 },
          { appId: 'app-2', firstSeen: 1, lastSeen: 2 },
        ],
      },
      [
        {
          fingerprint: 'f',
          name: 'StreamingNoInput',
          state: 'active',
          appId: 'app-1',
          startsAt: 8,
          labels: {},
        },
      ],
    );
    expect(apps.map((a) => [a.appId, a.running, a.firingAlerts, a.seenIn])).toEqual([
      ['app-1', true, 1, ['prometheus', 'elasticsearch']],
      ['app-2', false, 0, ['elasticsearch']],
    ]);
  });

  it('counts the executors with cores at each step, a gap where none has any', () => {
    const perExecutor = [
      seriesOf({ executor_id: 'driver' }, 60_000, [
        [0, 0],
        [60_000, 0],
        [120_000, 0],
        [180_000, 0],
      ]),
      seriesOf({ executor_id: '1' }, 60_000, [
        [60_000, 2],
        [120_000, 2],
      ]),
      seriesOf({ executor_id: '2' }, 60_000, [
        [120_000, 2],
        [240_000, 2],
      ]),
    ];
    expect(executorCount(perExecutor)).toEqual([
      { labels: {}, start: 60_000, step: 60_000, values: [1, 2, null, 1] },
    ]);
    expect(executorCount([])).toEqual([]);
    expect(executorCount(perExecutor.slice(0, 1))).toEqual([]);
  });

  it('takes first and last seen from per-app metric series, and running from the live set', () => {
    const labels = { appId: 'app_id', appName: 'app_name' };
    const series: MetricSeries[] = [
      seriesOf({ app_id: 'app-1', app_name: 'miaradia-streaming' }, 1000, [
        [1000, 2],
        [9000, 2],
      ]),
      seriesOf({ app_id: 'app-2' }, 1000, [[5000, 1]]),
      seriesOf({ app_name: 'no id' }, 1000, [[1000, 1]]),
      seriesOf({ app_id: 'app-3' }, 1000, []),
    ];
    expect(sightingsOf(series, labels, new Set(['app-1']))).toEqual([
      {
        appId: 'app-1',
        appName: 'miaradia-streaming',
        firstSeen: 1000,
        lastSeen: 9000,
        running: true,
      },
      { appId: 'app-2', firstSeen: 5000, lastSeen: 5000, running: false },
    ]);
  });
});
