import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError, searchTimeout } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions } from './fields';
import { appNameFilter } from './logs';

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

/** Apps that logged in the window (or only `appId`): one terms aggregation over appId. */
export async function appsInLogs(
  window: { from: number; to: number; appId?: string; appNames?: readonly string[] },
  options: LogCallOptions = {},
): Promise<LoggedApp[]> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  const { elasticsearch } = getConfig();
  try {
    const raw = await elasticsearchClient().search(
      {
        timeout: searchTimeout(),
        index: elasticsearch.logIndex,
        size: 0,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: {
          bool: {
            filter: [
              {
                range: {
                  [f.timestamp]: { gte: window.from, lte: window.to, format: 'epoch_millis' },
                },
              },
              ...(window.appId ? [{ term: { [f.appId]: window.appId } }] : []),
              ...(window.appNames ? [appNameFilter(window.appNames, f)] : []),
            ],
          },
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
