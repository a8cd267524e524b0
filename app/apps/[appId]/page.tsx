import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Investigation } from '@/components/investigate/investigation';
import { Empty } from '@/components/ui/skeleton';
import { patterns } from '@/lib/domain/ids';
import { appHref, loadAppSearch } from '@/lib/url/app';
import { lastWindow, type SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'App timeline' };
export const dynamic = 'force-dynamic';

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
  // The address bar always holds an absolute window, so it is the shareable link.
  if (state.from === null || state.to === null) {
    const window = lastWindow(3 * 3600_000);
    redirect(appHref(appId, { ...state, appName, ...window }));
  }
  return (
    <Investigation
      appId={appId}
      appName={appName ?? undefined}
      defaultWindow={{ from: state.from, to: state.to }}
      view="app"
    />
  );
}
