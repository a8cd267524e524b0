import { parseAsInteger, parseAsString } from 'nuqs';

/**
 * URL state shared by the investigation views. Times are absolute epoch milliseconds so a copied
 * link shows the same window tomorrow; relative choices ("last 1h") are resolved when picked.
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

/** Builds a query string, leaving out empty values. */
export function toSearch(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** An absolute link to the current view: relative windows resolved to epoch ms. */
export function absoluteLink(
  origin: string,
  path: string,
  params: Record<string, string | number | null | undefined>,
): string {
  return `${origin}${path}${toSearch(params)}`;
}

export const RANGES = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 3600_000 },
  { label: '3h', ms: 3 * 3600_000 },
  { label: '12h', ms: 12 * 3600_000 },
  { label: '24h', ms: 24 * 3600_000 },
  { label: '7d', ms: 7 * 24 * 3600_000 },
] as const;
