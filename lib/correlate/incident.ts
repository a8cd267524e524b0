import 'server-only';
import type { Alert, Correlated, IncidentScope, MetricSeries } from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { UpstreamError } from '@/lib/http/errors';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { searchLogs } from '@/lib/sources/elasticsearch/logs';
import { recentNotifications } from '@/lib/sources/elasticsearch/notifications';
import { selector } from '@/lib/sources/prometheus/promql';
import { rangeQuery } from '@/lib/sources/prometheus/queries';
import { incidentHref } from '@/lib/url/incident';
import { fanOut } from './fan-out';
import { alertIntervals } from './joins';
import { getMapping, mapped } from './mapping';

const BEFORE_MS = 30 * 60_000;
const AFTER_MS = 5 * 60_000;
// How far back the onset of a long-firing alert is looked for, and at what resolution.
const ONSET_LOOKBACK_MS = 6 * 3600_000;
const ONSET_POINTS = 720;

/**
 * An alert's incident scope: the app from its labels, its window padded on both sides. The window
 * starts from the alert's onset when known: Alertmanager's `startsAt` restarts when Prometheus
 * does, while the ALERTS series keeps the true beginning.
 */
export function scopeOf(
  alert: Alert,
  opts: { now?: number; onset?: number } = {},
): IncidentScope | undefined {
  if (!alert.appId) return undefined;
  const now = opts.now ?? Date.now();
  const end = alert.state === 'resolved' && alert.endsAt ? alert.endsAt : now;
  const start = Math.min(alert.startsAt, opts.onset ?? alert.startsAt);
  return {
    alert,
    appId: alert.appId,
    ...(alert.appName ? { appName: alert.appName } : {}),
    ...(alert.query ? { query: alert.query } : {}),
    ...(opts.onset === undefined ? {} : { onset: opts.onset }),
    window: { from: start - BEFORE_MS, to: Math.min(end + AFTER_MS, now) },
  };
}

/**
 * When the alert's condition began: the start of the pending-then-firing run of its ALERTS series
 * that covers `startsAt` (pending and firing are separate series; their runs are joined).
 */
export function onsetOf(
  series: MetricSeries[],
  startsAt: number,
  stepMs: number,
): number | undefined {
  const runs = alertIntervals(series, stepMs);
  const merged: { from: number; to: number }[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && run.from - last.to <= stepMs * 1.5) last.to = Math.max(last.to, run.to);
    else merged.push({ from: run.from, to: run.to });
  }
  return merged.find((r) => r.from - stepMs <= startsAt && startsAt <= r.to + stepMs)?.from;
}

/**
 * Finds an alert by fingerprint among Alertmanager's active alerts, then among the notifications
 * the webhook stored (which still answer while Alertmanager is down, and after it forgot).
 */
export async function findAlert(
  fingerprint: string,
  signal: AbortSignal,
): Promise<Alert | undefined> {
  const stored = async () =>
    (await recentNotifications({ limit: 1, fingerprint }, { signal }).catch(() => []))[0];
  try {
    const active = await listAlerts({}, { signal });
    return active.find((a) => a.fingerprint === fingerprint) ?? (await stored());
  } catch (error) {
    const found = error instanceof UpstreamError ? await stored() : undefined;
    if (found) return found;
    throw error;
  }
}

/** The alert's scope, its window widened to the onset Prometheus recorded (when it answers). */
export async function resolveIncident(
  alert: Alert,
  signal: AbortSignal,
): Promise<Correlated<IncidentScope> | undefined> {
  if (!alert.appId) return undefined;
  const m = getMapping().prometheus;
  const now = Date.now();
  const range = {
    from: alert.startsAt - ONSET_LOOKBACK_MS,
    to: Math.min(now, Math.max(alert.endsAt ?? now, alert.startsAt + 60_000)),
    maxPoints: ONSET_POINTS,
  };
  const query = selector('ALERTS', { alertname: alert.name, [m.appIdLabel]: alert.appId });
  const { data, sources } = await fanOut(
    {
      prometheus: async (s) => {
        const answer = await rangeQuery(query, range, { signal: s });
        return {
          value: onsetOf(answer.value, alert.startsAt, answer.stepSeconds * 1000),
          warnings: answer.warnings,
        };
      },
    },
    signal,
  );
  const onset = data.prometheus ?? undefined;
  const scope = scopeOf(alert, { now, ...(onset === undefined ? {} : { onset }) });
  return scope ? { data: { ...scope, link: incidentLink(scope) }, sources } : undefined;
}

/** The incident view of a scope as an absolute link (CONSOLE_PUBLIC_URL), for chat and tickets. */
export function incidentLink(scope: IncidentScope): string {
  return `${getConfig().publicUrl}${incidentHref({
    alert: scope.alert.fingerprint,
    appId: scope.appId,
    appName: scope.appName ?? null,
    ...scope.window,
  })}`;
}

/**
 * The app's name for a view opened from a link that carries only its id (a rule's console_url,
 * a link copied elsewhere): read from one of its log lines in the window. Undefined when
 * Elasticsearch cannot say; the view then shows the id alone.
 */
export async function appNameOf(
  appId: string,
  window: { from: number; to: number },
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const page = await searchLogs(
      { appId, from: window.from, to: window.to, limit: 1 },
      mapped(signal),
    );
    return page.value.entries[0]?.appName;
  } catch {
    return undefined;
  }
}
