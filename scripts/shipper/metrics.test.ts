import { describe, expect, it } from 'vitest';
import { newHealth, renderMetrics, serveMetrics } from './metrics';

describe('shipper metrics', () => {
  it('renders counters, lag per file and the last error in the Prometheus text format', async () => {
    const health = newHealth();
    health.shipped = 10;
    health.deadLettered = 2;
    health.lag.set('run/driver.log', 123);
    health.lastError = {
      message: 'bulk request failed: "connect ECONNREFUSED"\nx',
      at: 1_700_000_000_000,
    };
    const text = renderMetrics(health);
    expect(text).toContain('sparkwatch_shipper_lines_shipped_total 10\n');
    expect(text).toContain('sparkwatch_shipper_lines_dead_lettered_total 2\n');
    expect(text).toContain('sparkwatch_shipper_lag_bytes{file="run/driver.log"} 123\n');
    expect(text).toContain(
      'sparkwatch_shipper_last_error_info{message="bulk request failed: \\"connect ECONNREFUSED\\"\\nx"} 1\n',
    );
    expect(text).toContain('sparkwatch_shipper_last_error_timestamp_seconds 1700000000\n');

    const { server, port } = await serveMetrics(health, 0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(renderMetrics(health));
      const other = await fetch(`http://127.0.0.1:${port}/other`);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      server.close();
    }
  });
});
