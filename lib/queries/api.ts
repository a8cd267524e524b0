import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type {
  Correlated,
  ShipperStatus,
  Coverage,
  IncidentSummary,
  LogEntry,
  LogPage,
  TimeWindow,
  Timeline,
  Signal,
  Span,
  TraceSummary,
  TraceView,
} from '@/lib/domain/types';
import type { AppComparison, AppRuns, AppStages, Batch, StageSummaries } from '@/lib/domain/spark';
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

/**
 * How a factory's request is made: in the browser, `fetch` of the console's API; on the server,
 * the same route handlers called in process (app/api/in-process.ts), so a page can start its
 * queries at navigation and stream their answers into the client's cache under the same keys.
 */
export type ApiGet = <T>(path: string, signal?: AbortSignal) => Promise<T>;

/** A console API answer's body, or an ApiError with the message the route gave. */
export async function answerOf<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { message?: string } } | undefined;
  if (!response.ok)
    throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status);
  return body as T;
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answerOf<T>(
    await fetch(path, { signal: signal ?? null, headers: { accept: 'application/json' } }),
  );
}

/**
 * Points per timeline series: fewer than the chart has pixels on any screen the console is used
 * on, and fixed, so the request does not wait for the chart to be measured and the server can
 * start it at navigation.
 */
export const TIMELINE_POINTS = 600;

/** A change sent to the console API (POST, PATCH, DELETE); its answer, or an ApiError. */
export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return answerOf<T>(response);
}

// Every factory's key holds every input of its request.
export const timelineQuery = (appId: string, w: TimeWindow, appName?: string, get = getJson) =>
  queryOptions({
    queryKey: ['timeline', appId, w.from, w.to, TIMELINE_POINTS, appName],
    queryFn: ({ signal }) =>
      get<Correlated<Timeline>>(
        `/api/apps/${encodeURIComponent(appId)}/timeline${apiSearch({ ...w, width: TIMELINE_POINTS, appName })}`,
        signal,
      ),
  });

export const coverageQuery = (appId: string, w: TimeWindow, appName?: string, get = getJson) =>
  queryOptions({
    queryKey: ['coverage', appId, w.from, w.to, appName],
    queryFn: ({ signal }) =>
      get<Correlated<Coverage>>(
        `/api/apps/${encodeURIComponent(appId)}/coverage${apiSearch({ ...w, appName })}`,
        signal,
      ),
  });

/** An app's jobs and diagnosed stages from Spark's own record (not windowed: the whole run). */
export const stagesQuery = (appId: string, get = getJson) =>
  queryOptions({
    queryKey: ['stages', appId],
    queryFn: ({ signal }) =>
      get<Correlated<AppStages>>(`/api/apps/${encodeURIComponent(appId)}/stages`, signal),
  });

/** Task-duration quantiles of the given stage attempts (`stageId.attemptId` keys, sorted). */
export const stageSummariesQuery = (appId: string, keys: string[]) =>
  queryOptions({
    queryKey: ['stage-summaries', appId, keys],
    queryFn: ({ signal }) =>
      getJson<Correlated<StageSummaries>>(
        `/api/apps/${encodeURIComponent(appId)}/stages/summaries${apiSearch({ stages: keys.join(',') })}`,
        signal,
      ),
    // Spark's record of a finished stage does not change.
    staleTime: Infinity,
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
export const logsQuery = (scope: LogScope, limit = 500, get = getJson) =>
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
      get<Correlated<LogPage | null>>(logsPath(scope, limit, pageParam), signal),
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
  get = getJson,
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
      get<Correlated<TraceSummary[] | null>>(
        `/api/traces${apiSearch({ ...scope, limit: 500 })}`,
        signal,
      ),
  });

/** Saved incidents (summaries), of one app or alert and/or matching a text. */
export const incidentsQuery = (search: {
  appId?: string;
  q?: string;
  status?: string;
  alert?: string;
}) =>
  queryOptions({
    queryKey: ['incidents', search.appId, search.q, search.status, search.alert],
    queryFn: ({ signal }) =>
      getJson<{ data: IncidentSummary[] }>(`/api/incidents${apiSearch(search)}`, signal),
  });

/** A trace's outline (every span, no attributes) and its log lines. */
export const traceQuery = (traceId: string) =>
  queryOptions({
    queryKey: ['trace', traceId],
    queryFn: ({ signal }) =>
      getJson<Correlated<TraceView>>(`/api/traces/${encodeURIComponent(traceId)}`, signal),
  });

/** One span with every attribute (the trace page's selected span). */
export const spanQuery = (traceId: string, spanId: string) =>
  queryOptions({
    queryKey: ['span', traceId, spanId],
    queryFn: ({ signal }) =>
      getJson<Correlated<{ span: Span | null }>>(
        `/api/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`,
        signal,
      ),
  });

/** An app's metrics over a window, at most `width` points per series. */
export const appSignalsQuery = (appId: string, window: TimeWindow, width: number) =>
  queryOptions({
    queryKey: ['signals', appId, window.from, window.to, width],
    queryFn: ({ signal }) =>
      getJson<Correlated<Signal[]>>(
        `/api/apps/${encodeURIComponent(appId)}/signals${apiSearch({ ...window, width })}`,
        signal,
      ),
  });
