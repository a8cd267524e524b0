import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import type { TimeWindow } from '@/lib/domain/types';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError, searchTimeout } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions } from './fields';

/** How an app's log lines are attributed: lines, those with a trace id, task lines with a stage. */
export interface LogCoverage {
  lines: number;
  withTraceId: number;
  taskLines: number;
  taskLinesWithStage: number;
}

const count = z.object({ doc_count: z.number() });
const answer = z.object({
  hits: z.object({ total: z.object({ value: z.number() }) }),
  aggregations: z.object({
    traced: count,
    tasks: count.extend({ staged: count }),
  }),
});

/** One count search with filter aggregations, scoped to the app by a term filter. */
export async function logCoverage(
  appId: string,
  window: TimeWindow,
  options: LogCallOptions = {},
): Promise<LogCoverage> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  try {
    const raw = await elasticsearchClient().search(
      {
        timeout: searchTimeout(),
        index: getConfig().elasticsearch.logIndex,
        size: 0,
        track_total_hits: true,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: {
          bool: {
            filter: [
              { term: { [f.appId]: appId } },
              {
                range: {
                  [f.timestamp]: { gte: window.from, lte: window.to, format: 'epoch_millis' },
                },
              },
            ],
          },
        },
        aggs: {
          traced: { filter: { exists: { field: f.traceId } } },
          tasks: {
            filter: { exists: { field: f.taskId } },
            aggs: { staged: { filter: { exists: { field: f.stageId } } } },
          },
        },
      },
      callOptions(options.signal),
    );
    const parsed = parseWire(answer, raw, { source: 'elasticsearch', url: 'log coverage' });
    return {
      lines: parsed.hits.total.value,
      withTraceId: parsed.aggregations.traced.doc_count,
      taskLines: parsed.aggregations.tasks.doc_count,
      taskLinesWithStage: parsed.aggregations.tasks.staged.doc_count,
    };
  } catch (error) {
    throw toUpstreamError(error, 'the log coverage count');
  }
}
