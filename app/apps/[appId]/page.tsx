import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Investigation } from '@/components/investigate/investigation';
import { Empty } from '@/components/ui/skeleton';
import { patterns } from '@/lib/domain/ids';

export const metadata: Metadata = { title: 'App timeline' };
export const dynamic = 'force-dynamic';

export default async function AppPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { appId } = await params;
  const sp = await searchParams;
  if (!patterns.appId.test(appId))
    return <Empty title="Not a Spark application id." hint="Pick an app from the Overview." />;
  const now = Date.now();
  const appName = typeof sp.name === 'string' && patterns.appId.test(sp.name) ? sp.name : undefined;
  if (typeof sp.from !== 'string' || typeof sp.to !== 'string') {
    const search = new URLSearchParams({
      from: String(now - 3 * 3600_000),
      to: String(now),
      ...(appName ? { name: appName } : {}),
    });
    redirect(`/apps/${appId}?${search.toString()}`);
  }
  return (
    <Investigation
      appId={appId}
      appName={appName}
      defaultWindow={{ from: now - 3 * 3600_000, to: now }}
      path={`/apps/${appId}`}
    />
  );
}
