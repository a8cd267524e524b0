import 'server-only';
import type { Correlated, TraceDetail } from '@/lib/domain/types';
import { searchLogs } from '@/lib/sources/elasticsearch/logs';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { allowsApp, type AppScope } from '@/lib/domain/access';
import { BadRequestError } from '@/lib/domain/errors';
import { appNameFilters, assertAppInScope } from './access';
import { fanOut } from './fan-out';
import { mapped } from './mapping';
import { appSignals } from './signals';

const AROUND_MS = 5 * 60_000;
// Log lines are found by trace id alone; the time bound only spares Elasticsearch old indices.
const LOG_LOOKBACK_MS = 31 * 24 * 3600_000;

/** What the caller may see of a trace: apps in `scope`, and its log lines only with `logs`. */
export interface TraceAccess {
  scope: AppScope;
  logs: boolean;
}

/**
 * A trace with its logs (same trace id) and the app's metrics around the trace's time. The trace
 * and its logs are fetched together; the metrics wait for the trace, which names the app and time.
 * A trace of an app outside the caller's scope is a 404, like a missing one.
 */
export async function traceDetail(
  traceId: string,
  opts: { width: number; appId?: string; at?: number },
  signal: AbortSignal,
  access: TraceAccess,
): Promise<Correlated<TraceDetail>> {
  const now = Date.now();
  const first = await fanOut(
    {
      jaeger: (s) => getTrace(traceId, mapped(s)),
      elasticsearch: async (s) => {
        if (!access.logs) return { value: [], warnings: ['your role does not show log lines'] };
        const page = await searchLogs(
          {
            traceId,
            from: now - LOG_LOOKBACK_MS,
            to: now,
            limit: 500,
            ...appNameFilters(access.scope),
          },
          mapped(s),
        );
        return { value: page.value.entries, warnings: page.warnings, partial: page.partial };
      },
    },
    signal,
  );
  const found = first.data.jaeger ?? null;
  // The service is the app name (what scopes speak of); every span's service must be in scope.
  if (found && found.spans.some((span) => !allowsApp(access.scope, span.service)))
    throw new BadRequestError('traceId', 'no trace with this id is visible to you', 404);
  const trace = found;
  const logs = first.data.elasticsearch ?? [];
  const known = trace?.spans.find((s) => s.spark.appId)?.spark.appId ?? logs[0]?.appId;
  // An app id only the caller named is checked before its metrics are read.
  if (!known && opts.appId) await assertAppInScope(access.scope, opts.appId, signal);
  const appId = known ?? opts.appId;
  const center = trace?.start ?? logs.at(-1)?.timestamp ?? opts.at ?? now;
  const from = center - AROUND_MS;
  const to = Math.min(now, center + (trace?.durationMs ?? 0) + AROUND_MS);
  const metrics = await fanOut(
    {
      prometheus: async (s) =>
        appId
          ? appSignals({ appId, from, to, maxPoints: opts.width }, s)
          : { value: [], warnings: ['neither the trace nor its logs name a Spark app'] },
    },
    signal,
  );
  return {
    data: { trace, logs, signals: metrics.data.prometheus ?? [] },
    sources: { ...first.sources, ...metrics.sources },
  };
}
