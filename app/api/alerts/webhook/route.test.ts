import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, Correlated, IncidentScope } from '@/lib/domain/types';
import { replayBackends } from '@/lib/http/replay';

// A notification Alertmanager 0.25 really posted to this route, and the same alert resolved
// (Alertmanager sets status and endsAt; everything else stays).
const firingText = readFileSync(
  path.join(
    __dirname,
    '../../../../lib/sources/alertmanager/fixtures/alertmanager.webhook.firing.json',
  ),
  'utf8',
);
const firing = JSON.parse(firingText) as { alerts: Record<string, unknown>[] };
const resolved = {
  ...firing,
  status: 'resolved',
  alerts: firing.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-11-25T04:20:22Z' })),
};
const post = (body: string) =>
  new Request('http://console.test/api/alerts/webhook', { method: 'POST', body });

// Alertmanager no longer lists the alert (it resolved); Prometheus has no ALERTS series for it.
const replay = replayBackends();
beforeEach(() => {
  vi.resetModules();
  replay.answer(({ url }) =>
    url.pathname === '/api/v2/alerts'
      ? Response.json([])
      : Response.json({ status: 'success', data: { resultType: 'matrix', result: [] } }),
  );
});

describe('Alertmanager webhook receiver', () => {
  it('takes a firing notification without inventing an end from Go’s zero time', async () => {
    const { POST } = await import('./route');
    const { recentNotifications } = await import('@/lib/correlate/alerts');
    const response = await POST(post(firingText), undefined as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1 });
    const [alert] = recentNotifications();
    expect(alert).toMatchObject({
      fingerprint: '89adb4bbd8f91831',
      name: 'SparkwatchWebhookFixture',
      state: 'active',
      appId: 'app-20261125010400-0000',
      startsAt: Date.parse('2026-11-25T04:19:42Z'),
    });
    expect(alert?.endsAt).toBeUndefined();
  });

  it('keeps a resolved alert findable after Alertmanager forgets it: in /api/alerts and as an incident', async () => {
    const { POST } = await import('./route');
    const { GET: alertsGET } = await import('../route');
    const { GET: incidentGET } = await import('../../incidents/resolve/route');
    await POST(post(firingText), undefined as never);
    await POST(post(JSON.stringify(resolved)), undefined as never);
    const alerts = (await (
      await alertsGET(new Request('http://console.test/api/alerts'), undefined as never)
    ).json()) as Correlated<{ active: Alert[]; recent: Alert[] }>;
    expect(alerts.data.active).toEqual([]);
    expect(alerts.data.recent).toHaveLength(1);
    expect(alerts.data.recent[0]).toMatchObject({
      state: 'resolved',
      endsAt: Date.parse('2026-11-25T04:20:22Z'),
    });
    const incident = await incidentGET(
      new Request('http://console.test/api/incidents/resolve?fingerprint=89adb4bbd8f91831'),
      undefined as never,
    );
    expect(incident.status).toBe(200);
    const scope = (await incident.json()) as Correlated<IncidentScope>;
    expect(scope.data.window).toEqual({
      from: Date.parse('2026-11-25T04:19:42Z') - 30 * 60_000,
      to: Math.min(Date.now(), Date.parse('2026-11-25T04:20:22Z') + 5 * 60_000),
    });
    expect(scope.sources.prometheus?.state).toBe('ok');
  });

  it('refuses a payload over 1 MiB with 413', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(' '.repeat(1024 * 1024 + 1)), undefined as never);
    expect(response.status).toBe(413);
  });
});
