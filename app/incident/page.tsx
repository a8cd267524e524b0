import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Investigation } from '@/components/investigate/investigation';
import { Prefetched } from '@/components/investigate/prefetched';
import { Empty } from '@/components/ui/skeleton';
import { patterns } from '@/lib/domain/ids';
import type { Alert } from '@/lib/domain/types';
import { appNameOf, findAlert, resolveIncident, scopeOf } from '@/lib/correlate/incident';
import { type InvestigationScope, startInvestigation } from '@/lib/queries/prefetch';
import { loadAppSearch } from '@/lib/url/app';
import { incidentHref, loadIncidentSearch } from '@/lib/url/incident';
import { inProcess } from '@/app/api/in-process';
import { filtersOf, lastWindow, type SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'Incident' };
export const dynamic = 'force-dynamic';

/**
 * An incident: an alert resolved into its app and window (`?alert=<fingerprint>`), or a copied
 * link's app and absolute window (`?appId&from&to`).
 */
export default async function IncidentPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const search = await searchParams;
  const state = loadIncidentSearch(search);
  const fingerprint =
    state.alert && patterns.fingerprint.test(state.alert) ? state.alert : undefined;
  const signal = AbortSignal.timeout(10_000);
  const alert: Alert | undefined = fingerprint
    ? await findAlert(fingerprint, signal).catch(() => undefined)
    : undefined;
  // The alert's window from its onset in Prometheus (ALERTS), as /api/incidents/resolve answers;
  // from its own startsAt when Prometheus cannot say.
  const scope = alert
    ? ((await resolveIncident(alert, signal).catch(() => undefined))?.data ?? scopeOf(alert))
    : undefined;
  const appId = state.appId ?? scope?.appId;
  const named = state.appName && patterns.appId.test(state.appName) ? state.appName : undefined;
  const appName = named ?? scope?.appName ?? alert?.appName;
  if (!appId || !patterns.appId.test(appId)) {
    return (
      <Empty
        title="No incident to show."
        hint={
          fingerprint
            ? 'That alert is no longer active or has no app_id label; open it from Alerts.'
            : 'Open an alert from the Alerts page, or a copied incident link.'
        }
      />
    );
  }
  // The URL always carries the app and an absolute window, so the address bar is the shareable link.
  if (state.from === null || state.to === null || state.appId === null) {
    const window = scope?.window ?? lastWindow(3600_000);
    redirect(
      incidentHref({
        ...state,
        appId,
        appName: appName ?? null,
        from: state.from ?? window.from,
        to: state.to ?? window.to,
        // From an alert, start with the lines that explain it; the level filter is one click away.
        level: state.level ?? (alert ? 'ERROR,WARN' : null),
      }),
    );
  }
  const { from, to } = state;
  const name = appName ?? (await appNameOf(appId, { from, to }, signal));
  // The panels' queries leave now, with the filters the investigation reads from the same URL.
  const evidence: InvestigationScope = {
    ...filtersOf(loadAppSearch(search)),
    appId,
    appName: name,
    from,
    to,
    view: 'incident',
  };
  const started = startInvestigation(evidence, inProcess(await headers()));
  return (
    <Prefetched scope={evidence} started={started}>
      <Investigation
        appId={appId}
        appName={name}
        defaultWindow={{ from, to }}
        alert={alert}
        view="incident"
      />
    </Prefetched>
  );
}
