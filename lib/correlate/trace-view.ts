import 'server-only';
import type { Correlated, LogEntry } from '@/lib/domain/types';
import { searchLogs } from '@/lib/sources/elasticsearch/logs';
import { type OutlineJson, getSpan, getTraceOutline } from '@/lib/sources/jaeger/traces';
import { allowsApp, type AppScope } from '@/lib/domain/access';
import { BadRequestError } from '@/lib/domain/errors';
import type { Span } from '@/lib/domain/types';
import { appNameFilters } from './access';
import { fanOut } from './fan-out';
import { mapped } from './mapping';

// Log lines are found by trace id alone; the time bound only spares Elasticsearch old indices.
const LOG_LOOKBACK_MS = 31 * 24 * 3600_000;

/** What the caller may see of a trace: apps in `scope`, and its log lines only with `logs`. */
export interface TraceAccess {
  scope: AppScope;
  logs: boolean;
}

/** The log lines that carry a trace's id (the first 500), for callers whose role shows them. */
export async function traceLogs(
  traceId: string,
  access: TraceAccess,
  signal: AbortSignal,
): Promise<{ value: LogEntry[]; warnings: string[]; partial?: boolean }> {
  if (!access.logs) return { value: [], warnings: ['your role does not show log lines'] };
  const now = Date.now();
  const page = await searchLogs(
    { traceId, from: now - LOG_LOOKBACK_MS, to: now, limit: 500, ...appNameFilters(access.scope) },
    mapped(signal),
  );
  return { value: page.value.entries, warnings: page.warnings, partial: page.partial };
}

/** A trace outside the caller's scope: the same 404 as a missing one. */
export const notVisible = () =>
  new BadRequestError('traceId', 'no trace with this id is visible to you', 404);

/**
 * The trace page's answer: the trace's outline (every span, no attributes: JSON written while
 * Jaeger streams it) and its log lines, fetched together. Its app's metrics are a request of
 * their own, made once the page knows the app and time. A trace of an app outside the caller's
 * scope is a 404, like a missing one.
 */
export async function traceView(
  traceId: string,
  signal: AbortSignal,
  access: TraceAccess,
): Promise<Correlated<{ trace: OutlineJson | null; logs: LogEntry[] }>> {
  const { data, sources } = await fanOut(
    {
      jaeger: (s) => getTraceOutline(traceId, mapped(s)),
      elasticsearch: (s) => traceLogs(traceId, access, s),
    },
    signal,
  );
  const trace = data.jaeger ?? null;
  // The service is the app name (what scopes speak of); every span's service must be in scope.
  if (trace && trace.services.some((service) => !allowsApp(access.scope, service)))
    throw notVisible();
  return { data: { trace, logs: data.elasticsearch ?? [] }, sources };
}

/** One span of a trace with every attribute (the trace page's selected span). */
export async function traceSpan(
  traceId: string,
  spanId: string,
  signal: AbortSignal,
  access: Pick<TraceAccess, 'scope'>,
): Promise<Correlated<{ span: Span | null }>> {
  const { data, sources } = await fanOut(
    { jaeger: (s) => getSpan(traceId, spanId, mapped(s)) },
    signal,
  );
  const span = data.jaeger ?? null;
  if (span && !allowsApp(access.scope, span.service)) throw notVisible();
  return { data: { span }, sources };
}
