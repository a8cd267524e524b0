import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import type { Alert, Correlated, IncidentScope } from '@/lib/domain/types';

// A notification Alertmanager 0.25 really posted to this route, and the same alert resolved
// (Alertmanager sets status and endsAt; everything else stays). The real stack's Alertmanager has
// never seen it, as after it forgot a resolved alert; its notifications go to an index of this
// run's own, removed afterwards.
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
const TOKEN = `webhook-int-test-${process.pid}-token`;
const post = (body: string) =>
  signedIn('http://console.test/api/alerts/webhook', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  });
const prefix = `sparkwatch-test-${process.pid}`;
const es = new Client({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' });

beforeAll(() => {
  vi.stubEnv('ES_CONSOLE_INDEX_PREFIX', prefix);
  vi.stubEnv('ALERTS_WEBHOOK_TOKEN', TOKEN);
  vi.resetModules();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await es.indices.delete({ index: `${prefix}-alerts`, ignore_unavailable: true });
  await es.close();
});

describe('Alertmanager webhook receiver (real Elasticsearch)', () => {
  it('stores a firing notification without inventing an end from Go’s zero time', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(firingText), undefined as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1 });
    const stored = await es.search<{ alert: Alert }>({ index: `${prefix}-alerts` });
    expect(stored.hits.hits).toHaveLength(1);
    const alert = stored.hits.hits[0]?._source?.alert;
    expect(alert).toMatchObject({
      fingerprint: '89adb4bbd8f91831',
      name: 'SparkwatchWebhookFixture',
      state: 'active',
      appId: 'app-20261125010400-0000',
      startsAt: Date.parse('2026-11-25T04:19:42Z'),
    });
    expect(alert?.endsAt).toBeUndefined();
  });

  it('keeps a resolved alert findable after Alertmanager forgets it, once, in /api/alerts and as an incident', async () => {
    const { POST } = await import('./route');
    const { GET: alertsGET } = await import('../route');
    const { GET: incidentGET } = await import('../../incidents/resolve/route');
    await POST(post(JSON.stringify(resolved)), undefined as never);
    // Resent, as Alertmanager does until the notification is acknowledged.
    await POST(post(JSON.stringify(resolved)), undefined as never);
    const alerts = (await (
      await alertsGET(signedIn('http://console.test/api/alerts'), undefined as never)
    ).json()) as Correlated<{ active: Alert[]; recent: Alert[] }>;
    expect(alerts.sources.elasticsearch?.state).toBe('ok');
    const recent = alerts.data.recent.filter((a) => a.fingerprint === '89adb4bbd8f91831');
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({
      state: 'resolved',
      endsAt: Date.parse('2026-11-25T04:20:22Z'),
    });
    const incident = await incidentGET(
      signedIn('http://console.test/api/incidents/resolve?fingerprint=89adb4bbd8f91831'),
      undefined as never,
    );
    expect(incident.status).toBe(200);
    const scope = (await incident.json()) as Correlated<IncidentScope>;
    expect(scope.data.window).toEqual({
      from: Date.parse('2026-11-25T04:19:42Z') - 30 * 60_000,
      to: Math.min(Date.now(), Date.parse('2026-11-25T04:20:22Z') + 5 * 60_000),
    });
  });
});
