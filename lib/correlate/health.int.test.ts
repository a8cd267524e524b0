import { describe, expect, it } from 'vitest';
import { checkHealth } from './health';

// Runs against the local stack started by `npm test` (scripts/stack.sh up).
describe('checkHealth against the real stack', () => {
  it('reaches every backend and reads the version each one reports', async () => {
    const report = await checkHealth(new AbortController().signal);
    expect(report.down).toEqual([]);
    expect(report.status).toBe('ok');
    expect(report.data.prometheus?.version).toMatch(/^2\.\d+\.\d+/);
    expect(report.data.alertmanager?.version).toMatch(/^0\.\d+\.\d+/);
    expect(report.data.elasticsearch?.version).toMatch(/^8\.19\.\d+$/);
    expect(report.data.jaeger?.version).toMatch(/^v2\.\d+\.\d+$/);
    expect(report.data.spark?.version).toMatch(/^4\.0\.\d+$/);
    for (const status of Object.values(report.sources)) {
      expect(status.state).toBe('ok');
      expect(status.tookMs).toBeGreaterThanOrEqual(0);
    }
  });
});
