import { describe, expect, it } from 'vitest';
import { UpstreamError } from '@/lib/http/errors';
import { fanOut, upToLimit } from './fan-out';

describe('fanOut', () => {
  it('keeps the answers of healthy sources when one fails', async () => {
    const result = await fanOut<{ a: number; b: number; c: string }>(
      {
        a: async () => 1,
        b: async () => {
          throw new UpstreamError('b is unreachable (ECONNREFUSED)', {
            source: 'b',
            kind: 'unreachable',
            url: 'http://b',
          });
        },
        c: async () => ({ value: 'x', warnings: ['2 shards failed'], partial: true }),
      },
      new AbortController().signal,
    );
    expect(result.data).toEqual({ a: 1, b: null, c: 'x' });
    expect(result.sources.a.state).toBe('ok');
    // The console's own words and a request id; the backend's text only in the server log.
    expect(result.sources.b).toMatchObject({
      state: 'error',
      error: {
        kind: 'unreachable',
        message: expect.stringMatching(
          /^b is unreachable \(request id [0-9a-f]{16}; details in the console server log\)$/,
        ),
      },
    });
    expect(result.sources.c).toMatchObject({ state: 'partial', warnings: ['2 shards failed'] });
  });

  it('reports a timeout as its own state', async () => {
    const result = await fanOut<{ slow: number }>(
      {
        slow: async () => {
          throw new UpstreamError('slow did not answer within 10 ms', {
            source: 'slow',
            kind: 'timeout',
            url: 'http://s',
          });
        },
      },
      new AbortController().signal,
    );
    expect(result.sources.slow.state).toBe('timeout');
  });
});

describe('upToLimit', () => {
  it('passes a short list and marks a full one partial, saying so', async () => {
    expect(upToLimit([1, 2], 3, 'traces')).toEqual({ value: [1, 2], warnings: [] });
    const full = upToLimit([1, 2, 3], 3, 'traces');
    expect(full).toMatchObject({ value: [1, 2, 3], partial: true });
    expect(full.warnings[0]).toMatch(/^3 traces returned, as many as asked for/);
    const { sources } = await fanOut({ jaeger: async () => full }, new AbortController().signal);
    expect(sources.jaeger.state).toBe('partial');
  });
});
