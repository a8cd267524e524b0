import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Investigation } from '@/components/investigate/investigation';
import { Empty } from '@/components/ui/skeleton';
import { patterns } from '@/lib/domain/ids';
import type { Alert } from '@/lib/domain/types';
import { appNameOf, findAlert, resolveIncident, scopeOf } from '@/lib/correlate/incident';

export const metadata: Metadata = { title: 'Incident' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * An incident: an alert resolved into its app and window (`?alert=<fingerprint>`), or a copied
 * link's app and absolute window (`?appId&from&to`).
 */
export default async function IncidentPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const fingerprint = one(sp.alert) ?? one(sp.fingerprint);
  let alert: Alert | undefined;
  const signal = AbortSignal.timeout(10_000);
  if (fingerprint && patterns.fingerprint.test(fingerprint)) {
    alert = await findAlert(fingerprint, signal).catch(() => undefined);
  }
  // The alert's window from its onset in Prometheus (ALERTS), as /api/incidents/resolve answers;
  // from its own startsAt when Prometheus cannot say.
  const scope = alert
    ? ((await resolveIncident(alert, signal).catch(() => undefined))?.data ?? scopeOf(alert))
    : undefined;
  const appId = one(sp.appId) ?? scope?.appId;
  const named = one(sp.appName);
  const appName =
    (named && patterns.appId.test(named) ? named : undefined) ?? scope?.appName ?? alert?.appName;
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
  const now = Date.now();
  const defaultWindow = scope?.window ?? { from: now - 3600_000, to: now };
  // The URL always carries the app and an absolute window, so the address bar is the shareable link.
  if (!one(sp.from) || !one(sp.to) || !one(sp.appId)) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(sp)) if (typeof v === 'string') search.set(k, v);
    search.set('appId', appId);
    search.set('from', one(sp.from) ?? String(defaultWindow.from));
    search.set('to', one(sp.to) ?? String(defaultWindow.to));
    if (fingerprint) search.set('alert', fingerprint);
    if (appName) search.set('appName', appName);
    // From an alert, start with the lines that explain it; the level filter is one click away.
    if (alert && !one(sp.level)) search.set('level', 'ERROR,WARN');
    search.delete('fingerprint');
    redirect(`/incident?${search.toString()}`);
  }
  const from = Number(one(sp.from));
  const to = Number(one(sp.to));
  const name =
    appName ??
    (Number.isFinite(from) && Number.isFinite(to)
      ? await appNameOf(appId, { from, to }, signal)
      : undefined);
  return (
    <Investigation
      appId={appId}
      appName={name}
      defaultWindow={defaultWindow}
      alert={alert}
      path="/incident"
    />
  );
}
