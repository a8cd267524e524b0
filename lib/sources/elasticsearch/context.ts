import 'server-only';
import { z } from 'zod';
import type { LogEntry } from '@/lib/api/types';
import { getConfig } from '@/lib/config';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions, type LogFields } from './fields';
import { logHit, toLogEntry } from './logs';

const hits = z.object({ hits: z.object({ hits: z.array(logHit) }) });

type Hit = z.infer<typeof logHit>;
const entryOf = (f: LogFields) => (h: Hit) => toLogEntry(h, f);

export async function getLog(id: string, options: LogCallOptions = {}): Promise<LogEntry | null> {
  const { elasticsearch } = getConfig();
  try {
    const raw = await elasticsearchClient().search(
      {
        index: elasticsearch.logIndex,
        size: 1,
        query: { ids: { values: [id] } },
        ignore_unavailable: true,
        allow_no_indices: true,
      },
      callOptions(options.signal),
    );
    const first = parseWire(hits, raw, { source: 'elasticsearch', url: 'search by id' }).hits
      .hits[0];
    return first ? toLogEntry(first, options.fields) : null;
  } catch (error) {
    throw toUpstreamError(error, 'the log lookup');
  }
}

/**
 * Lines around a hit from the same app and executor (the same JVM's log), `before` older and
 * `after` newer, in time order.
 */
export async function logContext(
  hit: LogEntry,
  size: { before: number; after: number },
  options: LogCallOptions = {},
): Promise<{ before: LogEntry[]; after: LogEntry[] }> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const entry = entryOf(f);
  const { elasticsearch } = getConfig();
  const scope: object[] = [];
  if (hit.appId) scope.push({ term: { [f.appId]: hit.appId } });
  if (hit.executorId) scope.push({ term: { [f.executorId]: hit.executorId } });
  const around = (direction: 'before' | 'after', count: number) =>
    elasticsearchClient().search(
      {
        index: elasticsearch.logIndex,
        size: count,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: {
          bool: {
            filter: [
              ...scope,
              {
                range: {
                  [f.timestamp]:
                    direction === 'before'
                      ? { lte: hit.timestamp, format: 'epoch_millis' }
                      : { gte: hit.timestamp, format: 'epoch_millis' },
                },
              },
            ],
            must_not: [{ ids: { values: [hit.id] } }],
          },
        },
        sort: [
          { [f.timestamp]: { order: direction === 'before' ? 'desc' : 'asc' } },
          {
            'source.offset': {
              order: direction === 'before' ? 'desc' : 'asc',
              unmapped_type: 'long',
            },
          },
        ],
      },
      callOptions(options.signal),
    );
  try {
    const [before, after] = await Promise.all([
      around('before', size.before),
      around('after', size.after),
    ]);
    const req = { source: 'elasticsearch', url: 'context search' };
    return {
      before: parseWire(hits, before, req).hits.hits.map(entry).reverse(),
      after: parseWire(hits, after, req).hits.hits.map(entry),
    };
  } catch (error) {
    throw toUpstreamError(error, 'the context search');
  }
}

const appsAgg = z.object({
  aggregations: z
    .object({
      apps: z.object({
        buckets: z.array(
          z.object({
            key: z.string(),
            doc_count: z.number(),
            first: z.object({ value: z.number().nullable() }),
            last: z.object({ value: z.number().nullable() }),
            names: z.object({ buckets: z.array(z.object({ key: z.string() })) }),
            errors: z.object({ doc_count: z.number() }),
          }),
        ),
      }),
    })
    .default({ apps: { buckets: [] } }),
});

export interface LoggedApp {
  appId: string;
  appName?: string;
  firstSeen: number;
  lastSeen: number;
  lines: number;
  errors: number;
}

/** Apps that logged in the window: one terms aggregation over appId. */
export async function appsInLogs(
  window: { from: number; to: number },
  options: LogCallOptions = {},
): Promise<LoggedApp[]> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const { elasticsearch } = getConfig();
  try {
    const raw = await elasticsearchClient().search(
      {
        index: elasticsearch.logIndex,
        size: 0,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: {
          range: { [f.timestamp]: { gte: window.from, lte: window.to, format: 'epoch_millis' } },
        },
        aggs: {
          apps: {
            terms: { field: f.appId, size: 500 },
            aggs: {
              first: { min: { field: f.timestamp } },
              last: { max: { field: f.timestamp } },
              names: { terms: { field: f.appName, size: 1 } },
              errors: { filter: { terms: { [f.level]: ['ERROR', 'FATAL'] } } },
            },
          },
        },
      },
      callOptions(options.signal),
    );
    const parsed = parseWire(appsAgg, raw, { source: 'elasticsearch', url: 'apps aggregation' });
    return parsed.aggregations.apps.buckets.map((b) => ({
      appId: b.key,
      ...(b.names.buckets[0] ? { appName: b.names.buckets[0].key } : {}),
      firstSeen: b.first.value ?? window.from,
      lastSeen: b.last.value ?? window.to,
      lines: b.doc_count,
      errors: b.errors.doc_count,
    }));
  } catch (error) {
    throw toUpstreamError(error, 'the apps aggregation');
  }
}
