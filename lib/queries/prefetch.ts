import type { QueryFunctionContext } from '@tanstack/react-query';
import type { Filters } from '@/lib/url/shared';
import {
  ApiError,
  type ApiGet,
  coverageQuery,
  logsQuery,
  stagesQuery,
  timelineQuery,
  tracesQuery,
} from './api';

export interface InvestigationScope extends Filters {
  appId: string;
  appName?: string | undefined;
  from: number;
  to: number;
  view: 'app' | 'incident';
}

/**
 * The queries of an investigation (components/investigate/investigation.tsx), built with the
 * panels' own factories from the same scope, so their keys are the panels' keys.
 */
export function investigationQueries(s: InvestigationScope, get?: ApiGet) {
  const window = { from: s.from, to: s.to };
  const logScope = {
    appId: s.appId,
    ...window,
    stageId: s.stageId,
    batchId: s.batchId,
    executorId: s.executorId,
    traceId: s.traceId,
    level: s.level,
    q: s.q,
  };
  const traceScope = {
    appId: s.appId,
    appName: s.appName,
    ...window,
    stageId: s.stageId,
    batchId: s.batchId,
  };
  return {
    timeline: timelineQuery(s.appId, window, s.appName, get),
    logs: logsQuery(logScope, undefined, get),
    traces: tracesQuery(traceScope, get),
    ...(s.view === 'app'
      ? {
          stages: stagesQuery(s.appId, get),
          coverage: coverageQuery(s.appId, window, s.appName, get),
        }
      : {}),
  };
}

export type QueryName = keyof ReturnType<typeof investigationQueries>;

/** An answer as it crosses from server to browser: a failure keeps its message and status. */
export type Settled = { ok: true; body: unknown } | { ok: false; status: number; message: string };

export type Started = Partial<Record<QueryName, Promise<Settled>>>;

/**
 * Starts an investigation's first requests on the server, at navigation (`get` answers them in
 * process). The page hands the promises to the browser, which streams each answer into its query
 * cache under the panel's key (components/investigate/prefetched.tsx) instead of asking again
 * after hydration.
 */
export function startInvestigation(s: InvestigationScope, get: ApiGet): Started {
  const signal = AbortSignal.timeout(30_000);
  const started: Started = {};
  for (const [name, options] of Object.entries(investigationQueries(s, get))) {
    const context = { queryKey: options.queryKey, signal, pageParam: undefined, meta: undefined };
    const run = options.queryFn as (c: QueryFunctionContext) => Promise<unknown>;
    started[name as QueryName] = run(context as unknown as QueryFunctionContext).then(
      (body): Settled => ({ ok: true, body }),
      (error: unknown): Settled =>
        error instanceof ApiError
          ? { ok: false, status: error.status, message: error.message }
          : { ok: false, status: 500, message: 'the console could not answer this panel' },
    );
  }
  return started;
}

/** The browser's side of a started request: its answer, or its failure as the panel shows it. */
export async function settled(promise: Promise<Settled>): Promise<unknown> {
  const answer = await promise;
  if (!answer.ok) throw new ApiError(answer.message, answer.status);
  return answer.body;
}
