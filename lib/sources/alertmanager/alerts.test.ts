import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listAlerts, listGroups, listSilences } from './alerts';

afterEach(() => vi.restoreAllMocks());

const serve = (name: string) =>
  vi
    .spyOn(globalThis, 'fetch')
    .mockImplementation(
      async () => new Response(readFileSync(path.join(__dirname, 'fixtures', name))),
    );

describe('Alertmanager alerts', () => {
  it('quotes filter values as matcher literals and maps the Spark labels', async () => {
    const urls: URL[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      urls.push(new URL(String(input)));
      return new Response(
        readFileSync(
          path.join(__dirname, 'fixtures', 'alertmanager.alerts.streaming-no-input.json'),
        ),
      );
    });
    const alerts = await listAlerts({ labels: { app_id: 'x", alertname=~".*' } });
    expect(urls[0]?.searchParams.getAll('filter')).toEqual(['app_id="x\\", alertname=~\\".*"']);
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

  it('reads alert groups with their receiver and alerts', async () => {
    serve('alertmanager.alerts-groups.incident.json');
    const groups = await listGroups();
    expect(groups[0]?.receiver.name).toBe('sparkwatch-console');
    expect(groups[0]?.alerts.map((a) => a.labels.alertname)).toContain('StreamingNoInput');
  });

  it('reads an empty silence list', async () => {
    serve('alertmanager.silences.none.json');
    expect(await listSilences()).toEqual([]);
  });
});
