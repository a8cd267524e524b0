import 'server-only';
import { BadRequestError } from '@/lib/domain/errors';
import type { Correlated, LogEntry, LogPage } from '@/lib/domain/types';
import { getLog, logContext } from '@/lib/sources/elasticsearch/context';
import { decodeCursor, searchLogs, type LogFilters } from '@/lib/sources/elasticsearch/logs';
import { allowsApp, type AppScope } from '@/lib/domain/access';
import { fanOut } from './fan-out';
import { mapped } from './mapping';

export interface LogSearch extends LogFilters {
  from: number;
  to: number;
  limit: number;
  /** Histogram buckets wanted on a first page (later pages never carry one). */
  buckets: number;
  /** An opaque cursor this API handed out with an earlier page. */
  cursor?: string;
}

/** One page of an app's (or any) log lines, newest first; the histogram on the first page only. */
export async function findLogs(
  search: LogSearch,
  signal: AbortSignal,
): Promise<Correlated<LogPage | null>> {
  const { cursor: raw, buckets, ...rest } = search;
  const cursor = raw === undefined ? undefined : decodeCursor(raw);
  if (raw !== undefined && !cursor) throw new BadRequestError('cursor', 'not a cursor of this API');
  const result = await fanOut(
    {
      elasticsearch: (s) =>
        searchLogs(
          { ...rest, buckets: cursor ? 0 : buckets, ...(cursor ? { cursor } : {}) },
          mapped(s),
        ),
    },
    signal,
  );
  return { data: result.data.elasticsearch, sources: result.sources };
}

/** The lines around one log line from the same app and executor; an unknown id is a 404. */
export async function logWithContext(
  id: string,
  around: { before: number; after: number },
  signal: AbortSignal,
  scope: AppScope,
): Promise<{ data: { hit: LogEntry; before: LogEntry[]; after: LogEntry[] } }> {
  const found = await getLog(id, mapped(signal));
  // Another team's line answers exactly as a missing one; its context is the same app's lines.
  const hit = found && allowsApp(scope, found.entry.appName) ? found : null;
  if (!hit) throw new BadRequestError('id', 'no log line has this id', 404);
  const lines = await logContext(hit, around, mapped(signal));
  return { data: { hit: hit.entry, ...lines } };
}
