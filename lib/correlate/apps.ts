import 'server-only';
import type { Correlated, SparkApp } from '@/lib/domain/types';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { appsInLogs } from '@/lib/sources/elasticsearch/apps';
import { findTraceSummaries, listServices } from '@/lib/sources/jaeger/traces';
import { selector } from '@/lib/sources/prometheus/promql';
import { instantQuery, rangeQuery } from '@/lib/sources/prometheus/queries';
import { inScope, type AppScope } from '@/lib/domain/access';
import { appNameFilters, appNameMatchers } from './access';
import { fanOut } from './fan-out';
import { sightingsOf, unionApps } from './joins';
import { getMapping, mapped } from './mapping';

// First and last seen at a resolution fit for a list: a few hundred points per app at most.
const APPS_POINTS = 240;

/** Spark apps seen in the window by any backend (running ones first), with their firing alerts. */
export async function listApps(
  window: { from: number; to: number },
  signal: AbortSignal,
  scope: AppScope,
): Promise<Correlated<SparkApp[]>> {
  const m = getMapping();
  const p = m.prometheus;
  const { data, sources } = await fanOut(
    {
      prometheus: async (s) => {
        const match = selector(p.executorMetric, appNameMatchers(scope));
        const by = `${p.appIdLabel}, ${p.appNameLabel}`;
        const [seen, live] = await Promise.all([
          rangeQuery(
            `max by (${by}) (${match})`,
            { ...window, maxPoints: APPS_POINTS },
            { signal: s },
          ),
          instantQuery(`group by (${p.appIdLabel}) (${match})`, undefined, { signal: s }),
        ]);
        const running = new Set(live.value.map((x) => x.labels[p.appIdLabel] ?? ''));
        return {
          value: sightingsOf(seen.value, { appId: p.appIdLabel, appName: p.appNameLabel }, running),
          warnings: [...seen.warnings, ...live.warnings],
        };
      },
      elasticsearch: (s) => appsInLogs({ ...window, ...appNameFilters(scope) }, mapped(s)),
      jaeger: async (s) => {
        // A service is an app name: only those in scope are searched.
        const services = inScope(scope, await listServices({ signal: s }), (name) => name);
        // Summaries (span heads, no attribute maps): a service may hold traces of 40,000 spans.
        const perService = await Promise.all(
          services
            .slice(0, 25)
            .map((service) =>
              findTraceSummaries(
                { service, tags: {}, from: window.from, to: window.to, limit: 20 },
                mapped(s),
              ),
            ),
        );
        const apps = new Map<
          string,
          { appId: string; appName?: string; firstSeen: number; lastSeen: number }
        >();
        for (const trace of perService.flat()) {
          const appId = trace.spark.appId;
          if (!appId) continue;
          const seen = apps.get(appId) ?? {
            appId,
            appName: trace.service,
            firstSeen: trace.start,
            lastSeen: trace.start,
          };
          seen.firstSeen = Math.min(seen.firstSeen, trace.start);
          seen.lastSeen = Math.max(seen.lastSeen, trace.start + trace.durationMs);
          apps.set(appId, seen);
        }
        return [...apps.values()];
      },
      alertmanager: (s) => listAlerts({}, { signal: s }),
    },
    signal,
  );
  const apps = unionApps(
    {
      ...(data.prometheus ? { prometheus: data.prometheus } : {}),
      ...(data.elasticsearch ? { elasticsearch: data.elasticsearch } : {}),
      ...(data.jaeger ? { jaeger: data.jaeger } : {}),
    },
    data.alertmanager ?? [],
  );
  // Each source was limited already; an app whose name no source knew is dropped here too.
  return { data: inScope(scope, apps, (app) => app.appName), sources };
}
