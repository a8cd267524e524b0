import { describe, expect, it } from 'vitest';
import { shipperStatuses } from './shippers';

const at = 1_796_000_000_000;
const sample = (labels: Record<string, string>, value: number) => ({ labels, at, value });

describe('shipper statuses from the scrape job', () => {
  it('folds every series into one status per instance, lag summed and sorted by file', () => {
    const i = { instance: '127.0.0.1:9465', job: 'sparkwatch-shipper' };
    const statuses = shipperStatuses([
      sample({ __name__: 'up', ...i }, 1),
      sample({ __name__: 'sparkwatch_shipper_lines_shipped_total', ...i }, 120),
      sample({ __name__: 'sparkwatch_shipper_lines_dead_lettered_total', ...i }, 2),
      sample({ __name__: 'sparkwatch_shipper_lag_bytes', file: '/r/driver.log', ...i }, 10),
      sample({ __name__: 'sparkwatch_shipper_lag_bytes', file: '/r/1/executor.log', ...i }, 300),
      sample({ __name__: 'sparkwatch_shipper_last_error_info', message: 'ES down', ...i }, 1),
      sample({ __name__: 'sparkwatch_shipper_last_error_timestamp_seconds', ...i }, 1_796_000_000),
      sample({ __name__: 'scrape_duration_seconds', ...i }, 0.01),
      sample({ __name__: 'up', instance: 'other:9465', job: 'sparkwatch-shipper' }, 0),
    ]);
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toMatchObject({
      instance: '127.0.0.1:9465',
      up: true,
      linesShipped: 120,
      linesDeadLettered: 2,
      lagBytes: 310,
      lastError: { at: 1_796_000_000_000, message: 'ES down' },
    });
    expect(statuses[0]?.files.map((f) => f.file)).toEqual(['/r/1/executor.log', '/r/driver.log']);
    expect(statuses[1]).toMatchObject({ instance: 'other:9465', up: false, linesShipped: 0 });
  });
});
