import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import type { LogVolume } from '@/lib/domain/spark';
import type { TimeWindow } from '@/lib/domain/types';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions, type LogFields } from './fields';

/** Loggers listed per app; the rest are summed into the total. */
export const LOGGER_BUCKETS = 50;
const ERROR_LEVELS = ['ERROR', 'FATAL'];

const count = z.object({ doc_count: z.number() });
const answer = z.object({
  hits: z.object({ total: z.object({ value: z.number() }) }),
  aggregations: z.object({
    errors: count,
    loggers: z.object({
      buckets: z.array(count.extend({ key: z.string(), errors: count })),
    }),
  }),
});

/** The search body: the app as a `term`, the window as a `range`, errors as a `terms` of levels. */
export function logVolumeRequest(
  appId: string,
  window: TimeWindow,
  f: LogFields = DEFAULT_LOG_FIELDS,
) {
  const errors = { terms: { [f.level]: ERROR_LEVELS } };
  return {
    size: 0,
    track_total_hits: true,
    query: {
      bool: {
        filter: [
          { term: { [f.appId]: appId } },
          {
            range: { [f.timestamp]: { gte: window.from, lte: window.to, format: 'epoch_millis' } },
          },
        ],
      },
    },
    aggs: {
      errors: { filter: errors },
      loggers: {
        terms: { field: f.logger, size: LOGGER_BUCKETS, missing: '(none)' },
        aggs: { errors: { filter: errors } },
      },
    },
  };
}

/** An app's log lines by logger, with ERROR / FATAL counts, in one aggregation search. */
export async function logVolumeByLogger(
  appId: string,
  window: TimeWindow,
  options: LogCallOptions = {},
): Promise<LogVolume> {
  try {
    const raw = await elasticsearchClient().search(
      {
        index: getConfig().elasticsearch.logIndex,
        ignore_unavailable: true,
        allow_no_indices: true,
        ...logVolumeRequest(appId, window, options.fields ?? DEFAULT_LOG_FIELDS),
      },
      callOptions(options.signal),
    );
    const parsed = parseWire(answer, raw, { source: 'elasticsearch', url: 'log volume' });
    return {
      total: parsed.hits.total.value,
      errors: parsed.aggregations.errors.doc_count,
      byLogger: parsed.aggregations.loggers.buckets.map((b) => ({
        logger: b.key,
        lines: b.doc_count,
        errors: b.errors.doc_count,
      })),
    };
  } catch (error) {
    throw toUpstreamError(error, 'the log volume by logger');
  }
}
