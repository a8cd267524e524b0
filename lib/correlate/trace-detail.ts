import 'server-only';
import type { Correlated, TraceDetail } from '@/lib/api/types';
import { searchLogs } from '@/lib/sources/elasticsearch/logs';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { fanOut } from './fan-out';
import { appSignals } from './signals';
import { mapped } from './mapping';

const AROUND_MS = 5 * 60_000;

/**
 * A trace with its logs (same trace id) and the app's metrics around the trace's time. The trace
 * is fetched first because it names the app and the time; logs by trace id need neither.
 */
export async function traceDetail(
  traceId: string,
  opts: { width: number; appId?: string; at?: number },
  signal: AbortSignal,
): Promise<Correlated<TraceDetail>> {
  const jaeger = await fanOut({ jaeger: (s) => getTrace(traceId, mapped(s)) }, signal);
  const trace = jaeger.data.jaeger ?? null;
  const appId = trace?.spans.find((s) => s.spark.appId)?.spark.appId ?? opts.appId;
  const center = trace?.start ?? opts.at ?? Date.now();
  const from = center - AROUND_MS;
  const to = Math.min(Date.now(), center + (trace?.durationMs ?? 0) + AROUND_MS);
  const rest = await fanOut(
    {
      elasticsearch: async (s) => {
        const page = await searchLogs(
          { traceId, from: from - 24 * 3600_000, to: to + 3600_000, limit: 500 },
          mapped(s),
        );
        return { value: page.value.entries, warnings: page.warnings, partial: page.partial };
      },
      prometheus: async (s) =>
        appId
          ? appSignals({ appId, from, to, maxPoints: opts.width }, s)
          : { value: [], warnings: ['the trace names no Spark app'] },
    },
    signal,
  );
  return {
    data: { trace, logs: rest.data.elasticsearch ?? [], signals: rest.data.prometheus ?? [] },
    sources: { ...jaeger.sources, ...rest.sources },
  };
}
