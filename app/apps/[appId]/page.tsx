import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { inProcess } from '@/app/api/in-process';
import { Investigation } from '@/components/investigate/investigation';
import { Prefetched } from '@/components/investigate/prefetched';
import { Empty } from '@/components/ui/skeleton';
import { requireSession } from '@/lib/auth/pages';
import { assertAppInScope } from '@/lib/correlate/access';
import { appLifetime } from '@/lib/correlate/app-lifetime';
import type { AppScope } from '@/lib/domain/access';
import { patterns } from '@/lib/domain/ids';
import { type InvestigationScope, startInvestigation } from '@/lib/queries/prefetch';
import { appHref, lifetimeWindow, loadAppSearch } from '@/lib/url/app';
import { filtersOf, type SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'App timeline' };
export const dynamic = 'force-dynamic';

/** The lifetime lookup delays the page: past this, what answered decides (else the last 3 h). */
const LIFETIME_DEADLINE_MS = 3000;

/** Whether the app is the caller's to see (another team's answers as an unknown id does). */
async function inScope(scope: AppScope, appId: string): Promise<boolean> {
  try {
    await assertAppInScope(scope, appId, AbortSignal.timeout(LIFETIME_DEADLINE_MS));
    return true;
  } catch {
    return false;
  }
}

export default async function AppPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { appId } = await params;
  const search = await searchParams;
  const { scope } = await requireSession(`/apps/${encodeURIComponent(appId)}`, 'viewer', search);
  const state = loadAppSearch(search);
  if (!patterns.appId.test(appId))
    return <Empty title="Not a Spark application id." hint="Pick an app from the Overview." />;
  if (!(await inScope(scope, appId)))
    return <Empty title="No application with this id." hint="Pick an app from the Overview." />;
  const appName = state.appName && patterns.appId.test(state.appName) ? state.appName : null;
  // The address bar always holds an absolute window, so it is the shareable link. Without one the
  // page opens on the app's lifetime; a backend that fails only narrows what it is computed from.
  if (state.from === null || state.to === null) {
    const now = Date.now();
    const lifetime = await appLifetime(appId, now, AbortSignal.timeout(LIFETIME_DEADLINE_MS));
    redirect(appHref(appId, { ...state, appName, ...lifetimeWindow(lifetime.data, now) }));
  }
  // The panels' queries leave now; their answers stream into the client's cache.
  const evidence: InvestigationScope = {
    ...filtersOf(state),
    appId,
    appName: appName ?? undefined,
    from: state.from,
    to: state.to,
    view: 'app',
  };
  const started = startInvestigation(evidence, inProcess(await headers()));
  return (
    <Prefetched scope={evidence} started={started}>
      <Investigation
        appId={appId}
        appName={appName ?? undefined}
        defaultWindow={{ from: state.from, to: state.to }}
        view="app"
      />
    </Prefetched>
  );
}
