import 'server-only';
import type { Correlated } from '@/lib/domain/types';
import { appsInLogs } from '@/lib/sources/elasticsearch/apps';
import { selector, stepFor } from '@/lib/sources/prometheus/promql';
import { rangeQuery } from '@/lib/sources/prometheus/queries';
import { getApplication } from '@/lib/sources/spark/applications';
import { historyServer } from '@/lib/sources/spark/client';
import { firstTime, lastTime } from '@/lib/domain/series';
import { fanOut } from './fan-out';
import { getMapping, mapped } from './mapping';

/** How far back an app's first sighting is looked for. */
export const LIFETIME_LOOKBACK_MS = 7 * 24 * 3600_000;
const POINTS = 500;

export interface Lifetime {
  firstSeen?: number;
  lastSeen?: number;
}

/**
 * When the app's executor series exist: a coarse pass over the lookback, then a fine one over the
 * span it found. Each point takes `last_over_time` over one step, so an app shorter than the
 * coarse step (or than Prometheus's 5-minute lookback) is not missed between two points.
 */
async function seenInMetrics(
  appId: string,
  window: { from: number; to: number },
  signal: AbortSignal,
): Promise<Lifetime> {
  const p = getMapping().prometheus;
  const sel = selector(p.executorMetric, { [p.appIdLabel]: appId });
  const pass = async (w: { from: number; to: number }) => {
    const step = stepFor(w.from, w.to, POINTS);
    const answer = await rangeQuery(
      `max(last_over_time(${sel}[${step}s]))`,
      { ...w, maxPoints: POINTS },
      { signal },
    );
    const [s] = answer.value;
    const first = s && firstTime(s);
    const last = s && lastTime(s);
    return first === undefined || last === undefined ? undefined : { first, last, step };
  };
  const coarse = await pass(window);
  if (!coarse) return {};
  const fine = await pass({
    from: coarse.first - coarse.step * 1000,
    to: Math.min(window.to, coarse.last),
  });
  if (!fine) return { firstSeen: coarse.first - coarse.step * 1000, lastSeen: coarse.last };
  return { firstSeen: fine.first - fine.step * 1000, lastSeen: fine.last };
}

/** First and last sighting of one app in its metrics, its logs and Spark's record, up to `now`. */
export async function appLifetime(
  appId: string,
  now: number,
  signal: AbortSignal,
): Promise<Correlated<Lifetime>> {
  const window = { from: now - LIFETIME_LOOKBACK_MS, to: now };
  const { data, sources } = await fanOut(
    {
      prometheus: (s) => seenInMetrics(appId, window, s),
      elasticsearch: async (s): Promise<Lifetime> => {
        const [logged] = await appsInLogs({ ...window, appId }, mapped(s));
        return logged ? { firstSeen: logged.firstSeen, lastSeen: logged.lastSeen } : {};
      },
      // Spark's own record outlives metrics and logs: a finished app opens on its run.
      spark: async (s): Promise<Lifetime> => {
        const [attempt] = (await getApplication(historyServer(), appId, { signal: s })).attempts;
        if (!attempt) return {};
        return {
          firstSeen: attempt.start,
          lastSeen: attempt.completed ? (attempt.end ?? now) : now,
        };
      },
    },
    signal,
  );
  const seen = [data.prometheus, data.elasticsearch, data.spark].filter((x): x is Lifetime =>
    Boolean(x),
  );
  const firsts = seen.flatMap((x) => (x.firstSeen === undefined ? [] : [x.firstSeen]));
  const lasts = seen.flatMap((x) => (x.lastSeen === undefined ? [] : [x.lastSeen]));
  return {
    data: {
      ...(firsts.length ? { firstSeen: Math.min(...firsts) } : {}),
      ...(lasts.length ? { lastSeen: Math.max(...lasts) } : {}),
    },
    sources,
  };
}
