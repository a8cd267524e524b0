import 'server-only';
import type { Correlated, TimeWindow, TraceSummary } from '@/lib/domain/types';
import { findTraceSummaries } from '@/lib/sources/jaeger/traces';
import { allowsApp, type AppScope } from '@/lib/domain/access';
import { fanOut, upToLimit } from './fan-out';
import { getMapping, mapped } from './mapping';
import { serviceOfApp } from './services';

export interface TraceSearch extends TimeWindow {
  appId: string;
  /** A hint for finding the app's Jaeger service (the app name, when the caller knows it). */
  appName?: string;
  stageId?: number;
  batchId?: number;
  jobId?: number;
  limit: number;
}

/** Traces of an app, optionally of one stage, job or micro-batch, newest first. */
export async function appTraces(
  search: TraceSearch,
  signal: AbortSignal,
  scope: AppScope,
): Promise<Correlated<TraceSummary[] | null>> {
  const { appId, appName, limit, from, to } = search;
  const attrs = getMapping().spanAttributes;
  const tags: Record<string, string> = { [attrs.appId]: appId };
  if (search.stageId !== undefined) tags[attrs.stageId] = String(search.stageId);
  if (search.batchId !== undefined) tags[attrs.batchId] = String(search.batchId);
  if (search.jobId !== undefined) tags[attrs.jobId] = String(search.jobId);
  const result = await fanOut(
    {
      jaeger: async (s) => {
        const service = await serviceOfApp(appId, { from, to }, s, appName);
        if (!service || !allowsApp(scope, service))
          return { value: [], warnings: ['no traces carry this app id in the window'] };
        const traces = await findTraceSummaries({ service, tags, from, to, limit }, mapped(s));
        return upToLimit(
          traces.sort((a, b) => b.start - a.start),
          limit,
          'traces',
        );
      },
    },
    signal,
  );
  return { data: result.data.jaeger, sources: result.sources };
}
