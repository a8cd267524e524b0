import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { freePort, startConsole, type Console } from './console';
import { adminCookie } from './session';

// Two console processes from the same build against one stack share nothing but the backends: a
// resolved alert that only one of them received is listed by both, and by both again after a
// restart of each (issue: no state in the console process). Their notifications go to an index
// of this run's own, removed afterwards.
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const prefix = `sparkwatch-e2e-${process.pid}`;
const firing = JSON.parse(
  readFileSync('lib/sources/alertmanager/fixtures/alertmanager.webhook.firing.json', 'utf8'),
) as { alerts: Record<string, unknown>[] };
const resolved = {
  ...firing,
  status: 'resolved',
  alerts: firing.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-11-25T04:20:22Z' })),
};
const FINGERPRINT = '89adb4bbd8f91831';
const TOKEN = `replicas-e2e-${process.pid}-webhook-token`;

const startReplica = (port: number) =>
  startConsole(port, { ES_CONSOLE_INDEX_PREFIX: prefix, ALERTS_WEBHOOK_TOKEN: TOKEN });

async function recentOf(replica: Console): Promise<string[]> {
  const answer = (await (
    await fetch(`${replica.url}/api/alerts`, { headers: { cookie: adminCookie() } })
  ).json()) as {
    data: { recent: { fingerprint: string }[] };
  };
  return answer.data.recent.map((a) => a.fingerprint);
}

test.afterAll(async () => {
  await fetch(`${ES}/${prefix}-alerts`, { method: 'DELETE' });
});

test('replicas list the same resolved alert, received by one, and still after a restart', async () => {
  test.setTimeout(180_000);
  const ports = [await freePort(), await freePort()] as const;
  let [a, b] = [await startReplica(ports[0]), await startReplica(ports[1])];
  const sent = await fetch(`${a.url}/api/alerts/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(resolved),
  });
  expect(sent.status).toBe(200);
  expect(await recentOf(b)).toContain(FINGERPRINT);
  expect(await recentOf(a)).toContain(FINGERPRINT);
  await Promise.all([a.stop(), b.stop()]);
  [a, b] = [await startReplica(ports[0]), await startReplica(ports[1])];
  expect(await recentOf(a)).toContain(FINGERPRINT);
  expect(await recentOf(b)).toContain(FINGERPRINT);
  await Promise.all([a.stop(), b.stop()]);
});
