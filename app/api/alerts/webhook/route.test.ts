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
const TOKEN = 'test-webhook-token-0123456789';
const post = (
  body: string | ReadableStream<Uint8Array>,
  type = 'application/json',
  authorization: string | null = `Bearer ${TOKEN}`,
) =>
  new Request('http://console.test/api/alerts/webhook', {
    method: 'POST',
    body,
    headers: { 'content-type': type, ...(authorization ? { authorization } : {}) },
    duplex: 'half',
  } as RequestInit);

/** A body of `mib` MiB of spaces, pulled 64 KiB at a time (`onPull` counts what was pulled). */
function stream(mib: number, onPull: (bytes: number) => void = () => {}) {
  const chunk = new Uint8Array(64 * 1024).fill(32);
  let pulled = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      onPull(chunk.byteLength);
      if (pulled > mib * 1024 * 1024) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

// Nothing listens where Elasticsearch is said to be.
beforeAll(() => {
  vi.stubEnv('ELASTICSEARCH_URL', 'http://127.0.0.1:9');
  vi.stubEnv('ALERTS_WEBHOOK_TOKEN', TOKEN);
  vi.resetModules();
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('Alertmanager webhook receiver', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token of the same length', `Bearer ${TOKEN.replace(/.$/, 'x')}`],
    ['a longer token starting with the right one', `Bearer ${TOKEN}x`],
    ['the token as a Basic credential', `Basic ${TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 before reading the body', async (_case, authorization) => {
    const { POST } = await import('./route');
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 1;
          controller.enqueue(new TextEncoder().encode(firingText));
          controller.close();
        },
      },
      // Nothing is pulled until someone reads.
      { highWaterMark: 0 },
    );
    const response = await POST(post(body, 'application/json', authorization), undefined as never);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'unauthorized',
    );
    expect(pulled).toBe(0);
  });

  it('refuses a payload over 1 MiB with 413', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(' '.repeat(1024 * 1024 + 1)), undefined as never);
    expect(response.status).toBe(413);
  });

  it('refuses a 50 MB body with 413 once it is read, dropping all but its first MiB', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(stream(50)), undefined as never);
    expect(response.status).toBe(413);
    // edge.int.test.ts measures the console process's memory meanwhile.
  });

  it('stops reading a body bigger than it drains (64 MiB) and refuses it', async () => {
    const { POST } = await import('./route');
    let pulled = 0;
    const response = await POST(post(stream(200, (n) => (pulled += n))), undefined as never);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(66 * 1024 * 1024);
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(firingText, 'text/plain'), undefined as never);
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe(
      'content-type',
    );
  });

  it('answers 502 when the notification cannot be stored, so Alertmanager sends it again', async () => {
    const { POST } = await import('./route');
    const response = await POST(post(firingText), undefined as never);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('elasticsearch_unreachable');
  });
});
