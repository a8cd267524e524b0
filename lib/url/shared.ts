import { parseAsInteger, parseAsString } from 'nuqs/server';
import type { TimeWindow } from '@/lib/domain/types';

/**
 * URL state every investigation page shares. Times are absolute epoch milliseconds so a copied
 * link shows the same window tomorrow; relative choices ("last 1h") are resolved when picked.
 * Each page's own module (app.ts, incident.ts, logs.ts, traces.ts) builds on these.
 */
export const windowParsers = {
  from: parseAsInteger,
  to: parseAsInteger,
};

export const filterParsers = {
  stageId: parseAsInteger,
  batchId: parseAsInteger,
  executorId: parseAsString,
  traceId: parseAsString,
  level: parseAsString,
  q: parseAsString,
};

export interface Filters {
  stageId?: number | null;
  batchId?: number | null;
  executorId?: string | null;
  traceId?: string | null;
  level?: string | null;
  q?: string | null;
}

/** The filters of a page's URL state, and nothing else of it. */
export function filtersOf(state: Filters): Filters {
  return {
    stageId: state.stageId,
    batchId: state.batchId,
    executorId: state.executorId,
    traceId: state.traceId,
    level: state.level,
    q: state.q,
  };
}

/** What a server page receives as `searchParams`. */
export type SearchParams = Record<string, string | string[] | undefined>;

export const RANGES = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 3600_000 },
  { label: '3h', ms: 3 * 3600_000 },
  { label: '12h', ms: 12 * 3600_000 },
  { label: '24h', ms: 24 * 3600_000 },
  { label: '7d', ms: 7 * 24 * 3600_000 },
] as const;

/** The last `ms` before `now`: the window of a page opened without one. */
export function lastWindow(ms: number, now = Date.now()): TimeWindow {
  return { from: now - ms, to: now };
}

/** A query string of the console's own API, leaving out empty values. */
export function apiSearch(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
