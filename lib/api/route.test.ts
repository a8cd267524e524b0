import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BadRequestError } from '@/lib/domain/errors';
import { rejected } from '@/lib/sources/elasticsearch/client';
import { json, jsonWithRaw, route } from './route';

const call = (handler: () => Promise<Response>) =>
  route('public', handler)(new Request('http://console.test/api/x'), undefined);

// One request per caller at a time and no queue, so the limit test below needs no waiting.
beforeAll(() => {
  vi.stubEnv('API_MAX_CONCURRENT_PER_CALLER', '1');
  vi.stubEnv('API_QUEUE_TIMEOUT_MS', '0');
});

describe('route', () => {
  it('shows a backend failure in the console’s words with a request id, the details only in the log', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const rootCause = 'failed to parse [card=4111111111111111] for customer alice@example.com';
    const response = await call(async () => {
      throw rejected('the log search', 400, {
        error: { root_cause: [{ type: 'parse_exception', reason: rootCause }] },
        status: 400,
      });
    });
    expect(response.status).toBe(502);
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const text = JSON.stringify(await response.json());
    expect(text).not.toContain('4111');
    expect(text).not.toContain('alice');
    expect(text).toContain('elasticsearch rejected the log search (HTTP 400)');
    expect(text).toContain(`request id ${id}`);
    const logged = log.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(logged).toContain(`[request ${id}]`);
    expect(logged).toContain(rootCause);
    log.mockRestore();
  });

  it('answers an unexpected failure with a 500 naming only the request id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await call(async () => {
      throw new Error('boom in /srv/secret/path');
    });
    log.mockRestore();
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).not.toContain('secret');
    expect(body.error.message).toBe(
      `internal error (request id ${response.headers.get('x-request-id')}; details in the console server log)`,
    );
  });

  it('refuses a caller’s second request in flight with 429 and Retry-After, not another’s', async () => {
    let finish = () => {};
    const slow = route(
      'public',
      () => new Promise<Response>((resolve) => (finish = () => resolve(json({ ok: true })))),
    );
    const from = (address: string) =>
      new Request('http://console.test/api/x', { headers: { 'x-forwarded-for': address } });
    const first = slow(from('203.0.113.1'), undefined);
    const second = await slow(from('203.0.113.1'), undefined);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe(
      'too_many_requests',
    );
    const other = call(async () => json({ ok: true }));
    expect((await other).status).toBe(200);
    finish();
    expect((await first).status).toBe(200);
    // Its slot is back: the same caller gets in again; an unlimited route never counts.
    const again = route('public', async () => json({ ok: true }));
    expect((await again(from('203.0.113.1'), undefined)).status).toBe(200);
  });

  it('tells Server-Timing how long each backend and the handler took', async () => {
    const response = await call(async () =>
      json({
        data: [],
        sources: {
          prometheus: { state: 'ok', tookMs: 12 },
          jaeger: { state: 'timeout', tookMs: 10000 },
        },
      }),
    );
    const timing = response.headers.get('server-timing') ?? '';
    expect(timing).toMatch(/^prometheus;dur=12, jaeger;dur=10000, handler;dur=\d+\.\d$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('puts a member that is JSON already in place, whatever the rest of the answer holds', async () => {
    const raw = Buffer.from('{"spanId":["a1"],"name":["batch \\"7\\""]}');
    const logs = [{ message: '{"data":{"trace":1}} \u0000 "trace":' }];
    const sources = { jaeger: { state: 'ok', tookMs: 7 } };
    const response = await call(async () => jsonWithRaw({ trace: raw }, { logs }, sources));
    expect(await response.json()).toEqual({
      data: { trace: { spanId: ['a1'], name: ['batch "7"'] }, logs },
      sources,
    });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('server-timing')).toMatch(/^jaeger;dur=7, handler;dur=/);
  });

  it('answers a bad parameter with a 400 naming it', async () => {
    const response = await call(async () => {
      throw new BadRequestError('from', 'must be epoch milliseconds');
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('server-timing')).toMatch(/^handler;dur=/);
    expect(await response.json()).toEqual({
      error: {
        code: 'bad_request',
        message: 'from: must be epoch milliseconds',
        param: 'from',
      },
    });
  });
});
