import { describe, expect, it } from 'vitest';
import { callerOf } from './caller';
import { createLimiter } from './limits';
import { Semaphore } from './semaphore';

const settings = { global: 3, perCaller: 2, queued: 1, queueTimeoutMs: 50 };
const admitted = (a: { release: () => void } | { refused: string }) => 'release' in a;

describe('Semaphore', () => {
  it('hands a freed slot to the first waiter, refuses past the queue and after the wait', async () => {
    const s = new Semaphore(1, 1);
    const first = await s.acquire(1000);
    const waiting = s.acquire(1000);
    expect(await s.acquire(1000)).toBeUndefined(); // the queue is full
    first!();
    first!(); // a second release frees nothing more
    const second = await waiting;
    expect(second).toBeDefined();
    expect(await s.acquire(20)).toBeUndefined(); // waited 20 ms, nobody released
    second!();
    expect(s.idle).toBe(true);
  });

  it('drops a waiter whose request was abandoned', async () => {
    const s = new Semaphore(1, 1);
    const held = await s.acquire(1000);
    const abort = new AbortController();
    const waiting = s.acquire(10_000, abort.signal);
    abort.abort();
    expect(await waiting).toBeUndefined();
    held!();
    expect(s.idle).toBe(true);
  });
});

describe('limiter', () => {
  it('refuses a caller past its own slots while others still get in', async () => {
    const limiter = createLimiter(settings);
    const a = [await limiter.admit('a'), await limiter.admit('a')];
    expect(a.every(admitted)).toBe(true);
    // a's third waits its queue time, then is refused with a Retry-After.
    expect(await limiter.admit('a')).toEqual({ refused: 'caller', retryAfterS: 1 });
    expect(admitted(await limiter.admit('b'))).toBe(true);
    // Global: 3 running (a, a, b) and 1 queued; c's first queues, d's is refused.
    const c = limiter.admit('c');
    expect(await limiter.admit('d')).toEqual({ refused: 'global', retryAfterS: 1 });
    for (const x of a) if ('release' in x) x.release();
    expect(admitted(await c)).toBe(true);
  });

  it('forgets a caller once it has nothing running or waiting', async () => {
    const limiter = createLimiter(settings);
    const admission = await limiter.admit('a');
    expect(limiter.callers).toBe(1);
    if ('release' in admission) admission.release();
    expect(limiter.callers).toBe(0);
    await limiter.admit('x');
    await limiter.admit('y');
    await limiter.admit('z');
    expect(await limiter.admit('w', AbortSignal.timeout(1))).toMatchObject({ refused: 'global' });
    expect(limiter.callers).toBe(3);
  });

  it('takes 200 requests at once without holding more than its slots and queue', async () => {
    const limiter = createLimiter({ global: 4, perCaller: 4, queued: 8, queueTimeoutMs: 30 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => limiter.admit(`caller-${i % 10}`)),
    );
    const ok = answers.filter(admitted);
    // Nothing finishes meanwhile: 4 run, 8 wait 30 ms and are refused with the other 188.
    expect(ok).toHaveLength(4);
  });
});

describe('callerOf', () => {
  const req = (headers: Record<string, string>) => new Request('http://console.test/', { headers });
  it('keys on the nearest hop’s view of the client address', () => {
    expect(callerOf(req({ 'x-forwarded-for': '203.0.113.9' }))).toBe('address:203.0.113.9');
    expect(callerOf(req({ 'x-forwarded-for': '10.0.0.1, 203.0.113.9' }))).toBe(
      'address:203.0.113.9',
    );
    expect(callerOf(req({}))).toBe('address:unknown');
  });
});
