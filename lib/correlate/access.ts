import 'server-only';
import { allowsApp, patternsRegex, type AppScope } from '@/lib/domain/access';
import { BadRequestError } from '@/lib/domain/errors';
import { appsInLogs } from '@/lib/sources/elasticsearch/apps';
import { selector, type Matchers } from '@/lib/sources/prometheus/promql';
import { instantQuery } from '@/lib/sources/prometheus/queries';
import { getMapping, mapped } from './mapping';

// How far back an app's name is looked up: the longest window a page asks for.
const NAME_LOOKBACK_MS = 31 * 24 * 3600_000;

/**
 * The names an app id is known by, from its log lines and its metrics (both kept on the server
 * side; a name a caller passes is never trusted). A backend failing is ignored when the other
 * answers; both failing is that backend's error.
 */
export async function appNamesOf(appId: string, signal: AbortSignal): Promise<Set<string>> {
  const now = Date.now();
  const p = getMapping().prometheus;
  const found = await Promise.allSettled([
    appsInLogs({ from: now - NAME_LOOKBACK_MS, to: now, appId }, mapped(signal)).then((apps) =>
      apps.flatMap((a) => (a.appName ? [a.appName] : [])),
    ),
    instantQuery(
      `group by (${p.appNameLabel}) (last_over_time(${selector(p.executorMetric, { [p.appIdLabel]: appId })}[31d]))`,
      now,
      { signal },
    ).then((r) => r.value.flatMap((s) => s.labels[p.appNameLabel] ?? [])),
  ]);
  const names = found.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  const failed = found.find((r) => r.status === 'rejected');
  if (!names.length && failed) throw failed.reason;
  return new Set(names);
}

/**
 * Refuses, as the 404 an unknown id gets, an app outside the caller's scope: one whose every
 * known name is in scope passes; an app known by no name passes for unscoped callers only.
 */
export async function assertAppInScope(
  scope: AppScope,
  appId: string,
  signal: AbortSignal,
  param = 'appId',
): Promise<void> {
  if (scope.all) return;
  const names = await appNamesOf(appId, signal);
  if (!names.size || [...names].some((name) => !allowsApp(scope, name)))
    throw new BadRequestError(param, 'no app with this id is visible to you', 404);
}

/** Label matchers limiting series to the scope's app names (none for unscoped callers). */
export function appNameMatchers(scope: AppScope): Matchers {
  if (scope.all) return {};
  return { [getMapping().prometheus.appNameLabel]: { re: patternsRegex(scope.patterns) } };
}

/** Elasticsearch log filters limiting lines to the scope's app names. */
export function appNameFilters(scope: AppScope): { appNames?: readonly string[] } {
  return scope.all ? {} : { appNames: scope.patterns };
}
