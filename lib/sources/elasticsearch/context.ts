import 'server-only';
import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import type { LogEntry } from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError, searchTimeout } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions, type LogFields } from './fields';
import { logHit, toLogEntry } from './logs';

const hits = z.object({ hits: z.object({ hits: z.array(logHit) }) });

/** A log line and its position in its file: the key that orders lines within one millisecond. */
export interface LogLine {
  entry: LogEntry;
  sort: (string | number | null)[];
}

// Lines of one JVM often share a millisecond; the byte offset in the log file orders them.
// A missing offset sorts as 0 in both directions, so search_after stays consistent.
const fileOrder = (f: LogFields, order: 'asc' | 'desc'): estypes.SortCombinations[] => [
  { [f.timestamp]: { order } },
  { 'source.offset': { order, missing: 0, unmapped_type: 'long' } },
];

export async function getLog(id: string, options: LogCallOptions = {}): Promise<LogLine | null> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const { elasticsearch } = getConfig();
  try {
    const raw = await elasticsearchClient().search(
      {
        timeout: searchTimeout(),
        index: elasticsearch.logIndex,
        size: 1,
        query: { ids: { values: [id] } },
        sort: fileOrder(f, 'asc'),
        ignore_unavailable: true,
        allow_no_indices: true,
      },
      callOptions(options.signal),
    );
    const first = parseWire(hits, raw, { source: 'elasticsearch', url: 'search by id' }).hits
      .hits[0];
    return first ? { entry: toLogEntry(first, f), sort: first.sort ?? [] } : null;
  } catch (error) {
    throw toUpstreamError(error, 'the log lookup');
  }
}

/**
 * Lines around a hit from the same app and executor (the same JVM's log), `before` older and
 * `after` newer, in file order: search_after from the hit's own sort key in each direction, so
 * lines sharing its millisecond land on the right side, once.
 */
export async function logContext(
  hit: LogLine,
  size: { before: number; after: number },
  options: LogCallOptions = {},
): Promise<{ before: LogEntry[]; after: LogEntry[] }> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const { elasticsearch } = getConfig();
  const scope: object[] = [];
  if (hit.entry.appId) scope.push({ term: { [f.appId]: hit.entry.appId } });
  if (hit.entry.executorId) scope.push({ term: { [f.executorId]: hit.entry.executorId } });
  const around = (order: 'asc' | 'desc', count: number) =>
    elasticsearchClient().search(
      {
        timeout: searchTimeout(),
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
                  [f.timestamp]: {
                    [order === 'desc' ? 'lte' : 'gte']: hit.entry.timestamp,
                    format: 'epoch_millis',
                  },
                },
              },
            ],
          },
        },
        sort: fileOrder(f, order),
        search_after: hit.sort,
      },
      callOptions(options.signal),
    );
  try {
    const [before, after] = await Promise.all([
      around('desc', size.before),
      around('asc', size.after),
    ]);
    const req = { source: 'elasticsearch', url: 'context search' };
    const entries = (raw: unknown) =>
      parseWire(hits, raw, req).hits.hits.map((h) => toLogEntry(h, f));
    return { before: entries(before).reverse(), after: entries(after) };
  } catch (error) {
    throw toUpstreamError(error, 'the context search');
  }
}
