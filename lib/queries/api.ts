import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type {
  Correlated,
  ShipperStatus,
  Coverage,
  LogEntry,
  LogPage,
  TimeWindow,
  Timeline,
  TraceDetail,
  TraceSummary,
} from '@/lib/domain/types';
import type { AppComparison, AppRuns, AppStages, Batch } from '@/lib/domain/spark';
import { type Filters, apiSearch } from '@/lib/url/shared';

/** A console API failure as the UI shows it: the message the route gave. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    signal: signal ?? null,
    headers: { accept: 'application/json' },
  });
  const body = (await response.json().catch(() => undefined)) as
    { error?: { message?: string } } | undefined;
  if (!response.ok)
    throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status);
  return body as T;
}

// Every factory's key holds every input of its request.
export const timelineQuery = (appId: string, w: TimeWindow, width: number, appName?: string) =>
  queryOptions({
    queryKey: ['timeline', appId, w.from, w.to, width, appName],
    queryFn: ({ signal }) =>
      getJson<Correlated<Timeline>>(
        `/api/apps/${encodeURIComponent(appId)}/timeline${apiSearch({ ...w, width, appName })}`,
        signal,
      ),
  });

export const coverageQuery = (appId: string, w: TimeWindow, appName?: string) =>
  queryOptions({
    queryKey: ['coverage', appId, w.from, w.to, appName],
    queryFn: ({ signal }) =>
      getJson<Correlated<Coverage>>(
        `/api/apps/${encodeURIComponent(appId)}/coverage${apiSearch({ ...w, appName })}`,
        signal,
      ),
  });

/** An app's jobs and diagnosed stages from Spark's own record (not windowed: the whole run). */
export const stagesQuery = (appId: string) =>
  queryOptions({
    queryKey: ['stages', appId],
    queryFn: ({ signal }) =>
      getJson<Correlated<AppStages>>(`/api/apps/${encodeURIComponent(appId)}/stages`, signal),
  });

/** One micro-batch: progress, SQL executions, jobs and stages. */
export const batchQuery = (appId: string, batchId: number) =>
  queryOptions({
    queryKey: ['batch', appId, batchId],
    queryFn: ({ signal }) =>
      getJson<Correlated<Batch>>(
        `/api/apps/${encodeURIComponent(appId)}/batches/${encodeURIComponent(String(batchId))}`,
        signal,
      ),
  });

/** Other runs of the app's name (History Server), and the previous one. */
export const runsQuery = (appId: string) =>
  queryOptions({
    queryKey: ['runs', appId],
    queryFn: ({ signal }) =>
      getJson<Correlated<AppRuns>>(`/api/apps/${encodeURIComponent(appId)}/runs`, signal),
  });

/** `appId` against `otherAppId`: stage deltas, changed properties, log volume. */
export const comparisonQuery = (appId: string, otherAppId: string) =>
  queryOptions({
    queryKey: ['compare', appId, otherAppId],
    queryFn: ({ signal }) =>
      getJson<Correlated<AppComparison>>(
        `/api/apps/${encodeURIComponent(appId)}/compare/${encodeURIComponent(otherAppId)}`,
        signal,
      ),
  });

export const shippersQuery = () =>
  queryOptions({
    queryKey: ['shippers'],
    queryFn: ({ signal }) => getJson<Correlated<ShipperStatus[] | null>>('/api/shippers', signal),
    refetchInterval: 10_000,
  });

type LogScope = { appId?: string | null } & Filters & TimeWindow;

const logsPath = (scope: LogScope, limit: number, cursor?: string) =>
  `/api/logs${apiSearch({ ...scope, limit, ...(cursor ? { cursor } : { buckets: 80 }) })}`;

/** Pages of log lines, newest first: the first with the histogram, the next ones by cursor. */
export const logsQuery = (scope: LogScope, limit = 500) =>
  infiniteQueryOptions({
    queryKey: [
      'logs',
      scope.appId,
      scope.from,
      scope.to,
      scope.stageId,
      scope.batchId,
      scope.executorId,
      scope.traceId,
      scope.level,
      scope.q,
      limit,
    ],
    queryFn: ({ signal, pageParam }) =>
      getJson<Correlated<LogPage | null>>(logsPath(scope, limit, pageParam), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.data?.nextCursor,
  });

export const logContextQuery = (id: string) =>
  queryOptions({
    queryKey: ['log-context', id],
    queryFn: ({ signal }) =>
      getJson<{ data: { hit: LogEntry; before: LogEntry[]; after: LogEntry[] } }>(
        `/api/logs/${encodeURIComponent(id)}/context`,
        signal,
      ),
  });

export const tracesQuery = (
  scope: {
    appId: string;
    appName?: string | undefined;
    stageId?: number | null;
    batchId?: number | null;
  } & TimeWindow,
) =>
  queryOptions({
    queryKey: [
      'traces',
      scope.appId,
      scope.appName,
      scope.stageId,
      scope.batchId,
      scope.from,
      scope.to,
    ],
    queryFn: ({ signal }) =>
      getJson<Correlated<TraceSummary[] | null>>(
        `/api/traces${apiSearch({ ...scope, limit: 500 })}`,
        signal,
      ),
  });

export const traceQuery = (traceId: string, width: number) =>
  queryOptions({
    queryKey: ['trace', traceId, width],
    queryFn: ({ signal }) =>
      getJson<Correlated<TraceDetail>>(
        `/api/traces/${encodeURIComponent(traceId)}${apiSearch({ width })}`,
        signal,
      ),
  });
