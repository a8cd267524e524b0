import { describe, expect, it } from 'vitest';
import { FALLBACK_WINDOW_MS, lifetimeWindow } from './app';

const now = Date.UTC(2026, 0, 2, 12);

describe('the app page window', () => {
  it('opens a finished 3-minute app on its lifetime padded by a minute, not on 3 hours', () => {
    const firstSeen = now - 3600_000;
    const lastSeen = firstSeen + 3 * 60_000;
    expect(lifetimeWindow({ firstSeen, lastSeen }, now)).toEqual({
      from: firstSeen - 60_000,
      to: lastSeen + 60_000,
    });
  });

  it('pads a long app by a twentieth of its life and rounds to whole seconds outward', () => {
    const firstSeen = now - 30 * 3600_000 + 123;
    const lastSeen = now - 10 * 3600_000 + 456;
    const w = lifetimeWindow({ firstSeen, lastSeen }, now);
    expect(w.from).toBe(Math.floor((firstSeen - 3600_000) / 1000) * 1000);
    expect(w.to).toBe(Math.ceil((lastSeen + 3600_000) / 1000) * 1000);
  });

  it('ends a running app at now', () => {
    expect(lifetimeWindow({ firstSeen: now - 600_000, lastSeen: now - 10_000 }, now)).toEqual({
      from: now - 660_000,
      to: now,
    });
  });

  it('falls back to the last three hours when the app is not seen', () => {
    expect(lifetimeWindow({}, now)).toEqual({ from: now - FALLBACK_WINDOW_MS, to: now });
    expect(lifetimeWindow({ firstSeen: now - 1000 }, now)).toEqual({
      from: now - FALLBACK_WINDOW_MS,
      to: now,
    });
  });
});
