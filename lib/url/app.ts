import { type inferParserType, createLoader, createSerializer, parseAsString } from 'nuqs/server';
import type { TimeWindow } from '@/lib/domain/types';
import { filterParsers, lastWindow, windowParsers } from './shared';

/** The app page, `/apps/<appId>`: its window, filters and the app's name (a Jaeger service hint). */
export const appParsers = { ...windowParsers, ...filterParsers, appName: parseAsString };

export const loadAppSearch = createLoader(appParsers);
const serialize = createSerializer(appParsers);

export type AppState = Partial<inferParserType<typeof appParsers>>;

export function appHref(appId: string, state: AppState = {}): string {
  return serialize(`/apps/${encodeURIComponent(appId)}`, state);
}

/** The window when nothing of the app is found: the last three hours. */
export const FALLBACK_WINDOW_MS = 3 * 3600_000;
/** Seen this recently, the app counts as running: its window reaches now. */
const RUNNING_WITHIN_MS = 2 * 60_000;
const MIN_PAD_MS = 60_000;

/**
 * Without an explicit window the page opens on the app's lifetime, first to last seen, padded on
 * each side by a twentieth of it (a minute at least) so its start and end are not on the charts'
 * edges; a running app's window ends now. Written into the URL as absolute times.
 */
export function lifetimeWindow(
  seen: { firstSeen?: number; lastSeen?: number },
  now: number,
): TimeWindow {
  const { firstSeen, lastSeen } = seen;
  if (firstSeen === undefined || lastSeen === undefined || lastSeen < firstSeen)
    return lastWindow(FALLBACK_WINDOW_MS, now);
  const pad = Math.max(MIN_PAD_MS, (lastSeen - firstSeen) / 20);
  const running = lastSeen >= now - RUNNING_WITHIN_MS;
  return {
    from: Math.floor((firstSeen - pad) / 1000) * 1000,
    to: running ? now : Math.min(now, Math.ceil((lastSeen + pad) / 1000) * 1000),
  };
}
