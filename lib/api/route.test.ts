import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/domain/errors';
import { json, route } from './route';

const call = (handler: () => Promise<Response>) =>
  route('public', handler)(new Request('http://console.test/api/x'), undefined);

describe('route', () => {
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
