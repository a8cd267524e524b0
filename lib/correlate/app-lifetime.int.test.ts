import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifetimeWindow } from '@/lib/url/app';
import { appLifetime } from './app-lifetime';

// Against the seeded real stack (npm test runs the seed first).
const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  batch: { appId: string; startedAt: number; endedAt: number };
};

describe('appLifetime on the real backends', () => {
  it('finds a finished batch app from its first to its last sighting, to the second', async () => {
    const now = Date.now();
    const { data, sources } = await appLifetime(sc.batch.appId, now, AbortSignal.timeout(10_000));
    expect(sources.prometheus?.state).toBe('ok');
    expect(sources.elasticsearch?.state).toBe('ok');
    // Seeded metrics are 15-second samples; the fine pass steps a few seconds.
    expect(Math.abs((data.firstSeen ?? 0) - sc.batch.startedAt)).toBeLessThan(60_000);
    expect(Math.abs((data.lastSeen ?? 0) - sc.batch.endedAt)).toBeLessThan(60_000);
    const w = lifetimeWindow(data, now);
    expect(w.from).toBeLessThan(sc.batch.startedAt);
    expect(w.to).toBeGreaterThan(sc.batch.endedAt);
    expect(w.to - w.from).toBeLessThan((sc.batch.endedAt - sc.batch.startedAt) * 1.5 + 4 * 60_000);
  });

  it('knows nothing of an app no backend saw', async () => {
    const { data } = await appLifetime(
      'app-19700101000000-0000',
      Date.now(),
      AbortSignal.timeout(10_000),
    );
    expect(data).toEqual({});
  });
});
