import 'server-only';
import type { Correlated, TraceDetail } from '@/lib/domain/types';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { allowsApp } from '@/lib/domain/access';
import { metricsWindowOf } from '@/lib/domain/trace';
import { fanOut } from './fan-out';
import { mapped } from './mapping';
import { appSignals } from './signals';
import { notVisible, type TraceAccess, traceLogs } from './trace-view';

/**
 * A trace with every attribute, its logs (same trace id) and the app's metrics around the trace's
 * time, in one piece: what an incident pins (the trace page asks for the same in three requests,
 * see trace-view.ts). The metrics wait for the trace, which names the app and time. A trace of
 * an app outside the caller's scope is a 404, like a missing one.
 */
export async function traceDetail(
  traceId: string,
  opts: { width: number },
  signal: AbortSignal,
  access: TraceAccess,
): Promise<Correlated<TraceDetail>> {
  const now = Date.now();
  const first = await fanOut(
    {
      jaeger: (s) => getTrace(traceId, mapped(s)),
      elasticsearch: (s) => traceLogs(traceId, access, s),
    },
    signal,
  );
  const found = first.data.jaeger ?? null;
  // The service is the app name (what scopes speak of); every span's service must be in scope.
  if (found && found.spans.some((span) => !allowsApp(access.scope, span.service)))
    throw notVisible();
  const trace = found;
  const logs = first.data.elasticsearch ?? [];
  const appId = trace?.spans.find((s) => s.spark.appId)?.spark.appId ?? logs[0]?.appId;
  const { from, to } = metricsWindowOf(
    trace ?? { start: logs.at(-1)?.timestamp ?? now, durationMs: 0 },
    now,
  );
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
