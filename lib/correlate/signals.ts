import 'server-only';
import type { Correlated, MetricSeries, Signal } from '@/lib/domain/types';
import { renderTemplate, selector } from '@/lib/sources/prometheus/promql';
import { rangeQuery } from '@/lib/sources/prometheus/queries';
import { fanOut } from './fan-out';
import { executorCount } from './joins';
import { getMapping } from './mapping';

export interface SignalRange {
  appId: string;
  from: number;
  to: number;
  maxPoints: number;
}

/** Every configured signal of one app over a window, queried in parallel. */
export async function appSignals(
  r: SignalRange,
  signal: AbortSignal,
): Promise<{ value: Signal[]; warnings: string[]; stepSeconds: number }> {
  const m = getMapping().prometheus;
  const matchers = { [m.appIdLabel]: r.appId };
  const results = await Promise.all(
    m.signals.map(async (def) => {
      const answer = await rangeQuery(renderTemplate(def.template, def.metric, matchers), r, {
        signal,
      });
      return { def, answer };
    }),
  );
  return {
    value: results.map(({ def, answer }) => ({
      id: def.id,
      title: def.title,
      unit: def.unit,
      series: answer.value,
    })),
    warnings: [...new Set(results.flatMap((x) => x.answer.warnings))],
    stepSeconds: results[0]?.answer.stepSeconds ?? 60,
  };
}

/** An app's signals over a window, as an answer of its own (the trace page's metrics). */
export async function appMetrics(
  r: SignalRange,
  signal: AbortSignal,
): Promise<Correlated<Signal[]>> {
  const { data, sources } = await fanOut({ prometheus: (s) => appSignals(r, s) }, signal);
  return { data: data.prometheus ?? [], sources };
}

/** The app's per-executor series (one per executor id), for the executor lane and events. */
export async function executorSeries(
  r: SignalRange,
  signal: AbortSignal,
): Promise<{ perExecutor: MetricSeries[]; count: MetricSeries[]; stepSeconds: number }> {
  const m = getMapping().prometheus;
  const sel = selector(m.executorMetric, { [m.appIdLabel]: r.appId });
  const per = await rangeQuery(`max by (${m.executorLabel}) (${sel})`, r, { signal });
  return {
    perExecutor: per.value,
    count: executorCount(per.value),
    stepSeconds: per.stepSeconds,
  };
}

export async function alertSeries(r: SignalRange, signal: AbortSignal) {
  const m = getMapping().prometheus;
  return rangeQuery(selector('ALERTS', { [m.appIdLabel]: r.appId, alertstate: 'firing' }), r, {
    signal,
  });
}
