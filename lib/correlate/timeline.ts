import 'server-only';
import type { Correlated, Timeline } from '@/lib/domain/types';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { searchLogPages } from '@/lib/sources/elasticsearch/logs';
import { findTraceSummaries } from '@/lib/sources/jaeger/traces';
import { fanOut, upToLimit } from './fan-out';
import { alertIntervals, executorEvents, withActiveAlerts } from './joins';
import { getMapping, mapped } from './mapping';
import { knownServiceOf, serviceOfApp } from './services';
import { alertSeries, appSignals, executorSeries } from './signals';

export interface TimelineRequest {
  appId: string;
  appName?: string;
  from: number;
  to: number;
  /** Pixel width of the charts: at most one point per pixel. */
  width: number;
}

/** Traces asked of Jaeger for the batch lane: a day of one batch a minute, with room to spare. */
const BATCH_LIMIT = 1500;

/** Every lane of an app's timeline, one backend per task; a failed backend blanks only its lanes. */
export async function appTimeline(
  req: TimelineRequest,
  signal: AbortSignal,
): Promise<Correlated<Timeline>> {
  const range = { appId: req.appId, from: req.from, to: req.to, maxPoints: req.width };
  // Tasks start in this order, and the Jaeger task reaches its requests without an await when the
  // service and server version are known: the trace search is the slowest answer, so it leaves
  // first (before the nine Prometheus queries are built).
  const { data, sources } = await fanOut(
    {
      jaeger: async (s) => {
        const service =
          knownServiceOf(req.appId) ?? (await serviceOfApp(req.appId, req, s, req.appName));
        if (!service) return { value: [], warnings: ['no traces carry this app id in the window'] };
        const traces = await findTraceSummaries(
          {
            service,
            tags: { [getMapping().spanAttributes.appId]: req.appId },
            from: req.from,
            to: req.to,
            limit: BATCH_LIMIT,
          },
          mapped(s),
        );
        return upToLimit(
          traces.sort((a, b) => a.start - b.start),
          BATCH_LIMIT,
          'batch traces',
        );
      },
      prometheus: async (s) => {
        const [signals, executors, alerts] = await Promise.all([
          appSignals(range, s),
          executorSeries(range, s),
          alertSeries(range, s),
        ]);
        return {
          value: {
            signals: signals.value,
            executors,
            alerts: alertIntervals(alerts.value, alerts.stepSeconds * 1000),
          },
          warnings: [...signals.warnings, ...alerts.warnings],
        };
      },
      alertmanager: (s) =>
        listAlerts({ labels: { [getMapping().prometheus.appIdLabel]: req.appId } }, { signal: s }),
      elasticsearch: async (s) => {
        const pages = await searchLogPages(
          [
            {
              appId: req.appId,
              from: req.from,
              to: req.to,
              limit: 0,
              buckets: Math.min(120, Math.max(10, Math.floor(req.width / 8))),
            },
            {
              appId: req.appId,
              from: req.from,
              to: req.to,
              limit: 50,
              levels: ['ERROR'],
              q: '"Lost executor"',
            },
          ],
          mapped(s),
        );
        return {
          value: {
            volume: pages[0]?.value.histogram ?? [],
            lost: pages[1]?.value.entries ?? [],
          },
          warnings: pages.flatMap((p) => p.warnings),
          partial: pages.some((p) => p.partial),
        };
      },
    },
    signal,
  );
  const prom = data.prometheus;
  const timeline: Timeline = {
    appId: req.appId,
    ...(req.appName ? { appName: req.appName } : {}),
    window: { from: req.from, to: req.to },
    alerts: withActiveAlerts(prom?.alerts ?? [], data.alertmanager ?? [], req.to),
    signals: prom?.signals ?? [],
    executors: {
      count: prom?.executors.count ?? [],
      events: executorEvents({
        series: prom?.executors.perExecutor ?? [],
        lostLines: data.elasticsearch?.lost ?? [],
        alerts: prom?.alerts ?? [],
        window: req,
        // The step Prometheus answered on; without its series, events come from log lines only.
        stepMs: (prom?.executors.stepSeconds ?? 60) * 1000,
        executorLabel: getMapping().prometheus.executorLabel,
      }),
    },
    batches: data.jaeger ?? [],
    logVolume: data.elasticsearch?.volume ?? [],
  };
  return { data: timeline, sources };
}
