import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { inProcess } from '@/app/api/in-process';
import { Investigation } from '@/components/investigate/investigation';
import { Prefetched } from '@/components/investigate/prefetched';
import { Empty } from '@/components/ui/skeleton';
import { appLifetime } from '@/lib/correlate/app-lifetime';
import { patterns } from '@/lib/domain/ids';
import { type InvestigationScope, startInvestigation } from '@/lib/queries/prefetch';
import { appHref, lifetimeWindow, loadAppSearch } from '@/lib/url/app';
import { filtersOf, type SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'App timeline' };
export const dynamic = 'force-dynamic';

/** The lifetime lookup delays the page: past this, what answered decides (else the last 3 h). */
const LIFETIME_DEADLINE_MS = 3000;

export default async function AppPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { appId } = await params;
  const state = loadAppSearch(await searchParams);
  if (!patterns.appId.test(appId))
    return <Empty title="Not a Spark application id." hint="Pick an app from the Overview." />;
  const appName = state.appName && patterns.appId.test(state.appName) ? state.appName : null;
  // The address bar always holds an absolute window, so it is the shareable link. Without one the
  // page opens on the app's lifetime; a backend that fails only narrows what it is computed from.
  if (state.from === null || state.to === null) {
    const now = Date.now();
    const lifetime = await appLifetime(appId, now, AbortSignal.timeout(LIFETIME_DEADLINE_MS));
    redirect(appHref(appId, { ...state, appName, ...lifetimeWindow(lifetime.data, now) }));
  }
  // The panels' queries leave now; their answers stream into the client's cache.
  const scope: InvestigationScope = {
    ...filtersOf(state),
    appId,
    appName: appName ?? undefined,
    from: state.from,
    to: state.to,
    view: 'app',
  };
  const started = startInvestigation(scope, inProcess(await headers()));
  return (
    <Prefetched scope={scope} started={started}>
      <Investigation
        appId={appId}
        appName={appName ?? undefined}
        defaultWindow={{ from: state.from, to: state.to }}
        view="app"
      />
    </Prefetched>
  );
}
