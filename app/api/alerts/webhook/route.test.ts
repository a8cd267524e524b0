import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const firingText = readFileSync(
  path.join(
    __dirname,
    '../../../../lib/sources/alertmanager/fixtures/alertmanager.webhook.firing.json',
  ),
  'utf8',
);
const post = (body: string) =>
  new Request('http://console.test/api/alerts/webhook', { method: 'POST', body });

// Nothing listens where Elasticsearch is said to be.
beforeAll(() => {
  vi.stubEnv('ELASTICSEARCH_URL', 'http://127.0.0.1:9');
  vi.resetModules();
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('Alertmanager webhook receiver', () => {
  it('refuses a payload over 1 MiB with 413', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(' '.repeat(1024 * 1024 + 1)), undefined as never);
    expect(response.status).toBe(413);
  });

  it('answers 502 when the notification cannot be stored, so Alertmanager sends it again', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(firingText), undefined as never);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('elasticsearch_unreachable');
  });
});
