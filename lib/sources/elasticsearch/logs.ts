import 'server-only';
import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { LOG_ENTRY_FIELDS, logEntrySchema } from '@/lib/domain/schemas';
import {
  type LogEntry,
  type LogPage,
  type LogVolumeBucket,
  type WithWarnings,
} from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { parseWire } from '@/lib/http/wire';
import { sign, verify } from '@/lib/signing';
import {
  callOptions,
  elasticsearchClient,
  rejected,
  searchTimeout,
  toUpstreamError,
} from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions, type LogFields } from './fields';

export interface LogFilters {
  appId?: string;
  stageId?: number;
  batchId?: number;
  jobId?: number;
  traceId?: string;
  executorId?: string;
  levels?: string[];
  q?: string;
  /** Only lines of apps whose name matches one of these patterns (`*` wildcards): a caller's scope. */
  appNames?: readonly string[];
}

export interface LogQuery extends LogFilters {
  from: number;
  to: number;
  limit: number;
  cursor?: LogCursor;
  /** Number of histogram buckets wanted (0: no histogram). */
  buckets?: number;
}

export interface LogCursor {
  after: (string | number | null)[];
  pit?: string;
}

const source = z
  .object({
    '@timestamp': z.string().optional(),
    level: z.string().optional(),
    logger: z.string().optional(),
    message: z.string().optional(),
    // The document's exception is the console's own shape (the shipper writes it so).
    exception: logEntrySchema.shape.exception,
  })
  .catchall(z.unknown());
export const logHit = z.object({
  _id: z.string(),
  _index: z.string(),
  _source: source,
  sort: z.array(z.union([z.string(), z.number(), z.null()])).optional(),
});
const searchResponse = z.object({
  timed_out: z.boolean().optional(),
  _shards: z.object({ failed: z.number(), total: z.number() }).optional(),
  pit_id: z.string().optional(),
  hits: z.object({
    total: z.object({ value: z.number(), relation: z.string() }).optional(),
    hits: z.array(logHit),
  }),
  aggregations: z.record(z.string(), z.unknown()).optional(),
});
const histogramAgg = z.object({
  buckets: z.array(
    z.object({
      key: z.number(),
      doc_count: z.number(),
      levels: z.object({ buckets: z.array(z.object({ key: z.string(), doc_count: z.number() })) }),
    }),
  ),
});

// Newest first; file + byte offset break ties so search_after never skips or repeats a line.
const SORT_FIELDS = (f: LogFields): estypes.SortCombinations[] => [
  { [f.timestamp]: { order: 'desc' } },
  { 'source.file': { order: 'asc', missing: '_last', unmapped_type: 'keyword' } },
  { 'source.offset': { order: 'desc', missing: '_last', unmapped_type: 'long' } },
];

const str = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export function toLogEntry(h: z.infer<typeof logHit>, f: LogFields = DEFAULT_LOG_FIELDS): LogEntry {
  const s = h._source as Record<string, unknown>;
  const entry: LogEntry = {
    id: h._id,
    index: h._index,
    timestamp: Date.parse(str(s[f.timestamp]) ?? '') || 0,
    level: (str(s[f.level]) ?? 'INFO').toUpperCase(),
    message: str(s[f.message]) ?? '',
  };
  for (const key of LOG_ENTRY_FIELDS) {
    const value = str(s[f[key]]);
    if (value !== undefined) entry[key] = value;
  }
  if (h._source.exception) entry.exception = h._source.exception;
  return entry;
}

/**
 * Lines whose app name matches one of the patterns. The patterns come from server configuration
 * and hold only `[A-Za-z0-9._-]` and `*`, so they are wildcard values as they stand; no patterns
 * match nothing.
 */
export function appNameFilter(patterns: readonly string[], f: LogFields = DEFAULT_LOG_FIELDS) {
  return {
    bool: {
      should: patterns.map((value) => ({ wildcard: { [f.appName]: { value } } })),
      minimum_should_match: 1,
    },
  };
}

/**
 * The operators free text may use: and / or / not, phrases, grouping, escapes. Prefix, fuzzy,
 * near and slop operators are off — each can make one short query expand into a costly search.
 */
export const SAFE_QUERY_FLAGS = 'AND|OR|NOT|PHRASE|PRECEDENCE|ESCAPE|WHITESPACE';

/** Structured filter clauses: ids as `term`, levels as `terms`, time as `range`, text via simple_query_string. */
export function buildLogQuery(
  q: LogFilters & { from: number; to: number },
  f: LogFields = DEFAULT_LOG_FIELDS,
) {
  const filter: object[] = [
    { range: { [f.timestamp]: { gte: q.from, lte: q.to, format: 'epoch_millis' } } },
  ];
  const term = (field: string, value: string | number | undefined) => {
    if (value !== undefined) filter.push({ term: { [field]: String(value) } });
  };
  term(f.appId, q.appId);
  term(f.stageId, q.stageId);
  term(f.batchId, q.batchId);
  term(f.jobId, q.jobId);
  term(f.traceId, q.traceId);
  term(f.executorId, q.executorId);
  if (q.levels?.length) filter.push({ terms: { [f.level]: q.levels } });
  if (q.appNames) filter.push(appNameFilter(q.appNames, f));
  const must = q.q
    ? [
        {
          simple_query_string: {
            query: q.q,
            fields: [f.message, 'exception.msg', f.logger],
            default_operator: 'and' as const,
            lenient: true,
            flags: SAFE_QUERY_FLAGS,
          },
        },
      ]
    : [];
  return { bool: { filter, must } };
}

export function histogramInterval(from: number, to: number, buckets: number): number {
  const raw = Math.max(1000, Math.ceil((to - from) / Math.max(1, buckets)));
  const nice = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  ].map((s) => s * 1000);
  return nice.find((n) => n >= raw) ?? raw;
}

function histogram(
  aggs: Record<string, unknown> | undefined,
  req: { source: string; url: string },
): LogVolumeBucket[] {
  if (!aggs?.volume) return [];
  const parsed = parseWire(histogramAgg, aggs.volume, req);
  return parsed.buckets.map((b) => ({
    t: b.key,
    counts: Object.fromEntries(b.levels.buckets.map((l) => [l.key, l.doc_count])),
  }));
}

function volumeAgg(from: number, to: number, buckets: number, f: LogFields) {
  return {
    volume: {
      date_histogram: {
        field: f.timestamp,
        fixed_interval: `${histogramInterval(from, to, buckets) / 1000}s`,
        extended_bounds: { min: from, max: to },
        min_doc_count: 0,
      },
      aggs: { levels: { terms: { field: f.level, size: 10 } } },
    },
  };
}

function warningsOf(r: z.infer<typeof searchResponse>): { warnings: string[]; partial: boolean } {
  const warnings: string[] = [];
  if (r.timed_out) warnings.push('Elasticsearch timed out: results are partial');
  if (r._shards?.failed)
    warnings.push(`${r._shards.failed} of ${r._shards.total} shards failed: results are partial`);
  return { warnings, partial: warnings.length > 0 };
}

/** A search answer as one page: hits, exact-or-not total, histogram, and the next cursor. */
export function toLogPage(
  raw: unknown,
  opts: { limit: number; fields: LogFields; pit?: string },
): WithWarnings<LogPage> {
  const req = { source: 'elasticsearch', url: 'log search' };
  const r = parseWire(searchResponse, raw, req);
  const hits = r.hits.hits;
  const last = hits.at(-1);
  const nextPit = r.pit_id ?? opts.pit;
  return {
    value: {
      entries: hits.map((h) => toLogEntry(h, opts.fields)),
      total: r.hits.total?.value ?? hits.length,
      totalIsExact: r.hits.total?.relation !== 'gte',
      histogram: histogram(r.aggregations, req),
      ...(hits.length === opts.limit && last?.sort
        ? { nextCursor: encodeCursor({ after: last.sort, ...(nextPit ? { pit: nextPit } : {}) }) }
        : {}),
    },
    ...warningsOf(r),
  };
}

/** The search body of a first page: filters, newest first, and the histogram when asked. */
function firstPageBody(q: Omit<LogQuery, 'cursor'>, f: LogFields) {
  return {
    timeout: searchTimeout(),
    size: q.limit,
    query: buildLogQuery(q, f),
    sort: SORT_FIELDS(f),
    track_total_hits: 10_000,
    ...(q.buckets ? { aggs: volumeAgg(q.from, q.to, q.buckets, f) } : {}),
  };
}

/**
 * One page of log lines, newest first, with the volume histogram. Pages after the first run in a
 * point in time (opened on the second page, carried in the cursor) with search_after, so deep
 * paging is consistent and never hits the 10,000 from+size limit. The point in time is closed
 * after the last page and when a search in it fails; only a signed cursor of this API opens one.
 */
export async function searchLogs(
  q: LogQuery,
  options: LogCallOptions = {},
): Promise<WithWarnings<LogPage>> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const { elasticsearch } = getConfig();
  const es = elasticsearchClient();
  let pit = q.cursor?.pit;
  try {
    if (q.cursor && !pit) {
      const opened = await es.openPointInTime(
        { index: elasticsearch.logIndex, keep_alive: PIT_KEEP_ALIVE },
        callOptions(options.signal),
      );
      pit = opened.id;
    }
    const body = {
      ...firstPageBody(q, f),
      ...(q.cursor ? { search_after: q.cursor.after } : {}),
      ...(pit ? { pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } } : {}),
    };
    const raw = pit
      ? await es.search(body, callOptions(options.signal))
      : await es.search(
          {
            index: elasticsearch.logIndex,
            ignore_unavailable: true,
            allow_no_indices: true,
            ...body,
          },
          callOptions(options.signal),
        );
    const page = toLogPage(raw, { limit: q.limit, fields: f, ...(pit ? { pit } : {}) });
    if (pit && !page.value.nextCursor) await closePointInTime(pit);
    return page;
  } catch (error) {
    if (pit) await closePointInTime(pit);
    throw toUpstreamError(error, 'the log search');
  }
}

const PIT_KEEP_ALIVE = '5m';

/**
 * Frees a point in time. Its failure is logged, not thrown: the answer is already decided, and
 * Elasticsearch drops the point in time after its keep-alive anyway.
 */
async function closePointInTime(id: string): Promise<void> {
  try {
    await elasticsearchClient().closePointInTime({ id }, callOptions(undefined, 0));
  } catch (error) {
    const reason = toUpstreamError(error, 'closing a point in time').message;
    console.warn('could not close an Elasticsearch point in time:', reason);
  }
}

const CURSOR_PURPOSE = 'log-cursor';

/** A cursor as the client sees it: signed, so it comes back exactly as this API issued it. */
export function encodeCursor(cursor: LogCursor): string {
  return sign(CURSOR_PURPOSE, JSON.stringify(cursor));
}

const cursorSchema = z.object({
  after: z
    .array(z.union([z.string().max(256), z.number(), z.null()]))
    .min(1)
    .max(4),
  pit: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9+/=_-]+$/)
    .optional(),
});

/** Decodes a cursor this API issued; a forged or edited one (or anything else) is undefined. */
export function decodeCursor(raw: string): LogCursor | undefined {
  const payload = verify(CURSOR_PURPOSE, raw);
  if (payload === undefined) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * First pages of several searches in one `_msearch` request (a timeline wants the volume and the
 * executor-lost lines: one round trip instead of two). All or nothing, like parallel searches
 * awaited together: a search Elasticsearch fails fails the call, naming its reason.
 */
export async function searchLogPages(
  queries: Omit<LogQuery, 'cursor'>[],
  options: LogCallOptions = {},
): Promise<WithWarnings<LogPage>[]> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const header = {
    index: getConfig().elasticsearch.logIndex,
    ignore_unavailable: true,
    allow_no_indices: true,
  };
  try {
    const raw = await elasticsearchClient().msearch(
      { searches: queries.flatMap((q) => [header, firstPageBody(q, f)]) },
      callOptions(options.signal),
    );
    return raw.responses.map((item, i) => {
      if ('error' in item) throw rejected('the log search', item.status, item);
      return toLogPage(item, { limit: queries[i]?.limit ?? 0, fields: f });
    });
  } catch (error) {
    throw toUpstreamError(error, 'the log search');
  }
}
