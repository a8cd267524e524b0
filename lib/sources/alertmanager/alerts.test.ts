import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { listAlerts } from './alerts';

const replay = replayBackends();
const serve = (name: string) =>
  replay.answer(() => new Response(readFileSync(path.join(__dirname, 'fixtures', name))));

describe('Alertmanager alerts', () => {
  it('quotes filter values as matcher literals and maps the Spark labels', async () => {
    serve('alertmanager.alerts.streaming-no-input.json');
    const alerts = await listAlerts({ labels: { app_id: 'x", alertname=~".*' } });
    expect(replay.calls[0]?.url.searchParams.getAll('filter')).toEqual([
      'app_id="x\\", alertname=~\\".*"',
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      fingerprint: '40625df97d87fc29',
      name: 'StreamingNoInput',
      state: 'active',
      severity: 'critical',
      appId: 'app-20261125010400-0000',
      appName: 'miaradia-streaming',
      query: 'avg_price_per_city',
      startsAt: Date.parse('2026-11-25T03:34:34.390Z'),
      summary: 'No input for 5 minutes: miaradia-streaming / avg_price_per_city',
    });
  });
});
