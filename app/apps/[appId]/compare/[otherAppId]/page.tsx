import type { Metadata } from 'next';
import { Comparison } from '@/components/compare/comparison';
import { Empty } from '@/components/ui/skeleton';
import { requireSession } from '@/lib/auth/pages';
import { patterns } from '@/lib/domain/ids';

export const metadata: Metadata = { title: 'Run comparison' };
export const dynamic = 'force-dynamic';

export default async function ComparePage({
  params,
}: {
  params: Promise<{ appId: string; otherAppId: string }>;
}) {
  const { appId, otherAppId } = await params;
  await requireSession(
    `/apps/${encodeURIComponent(appId)}/compare/${encodeURIComponent(otherAppId)}`,
    'operator',
  );
  if (!patterns.appId.test(appId) || !patterns.appId.test(otherAppId))
    return <Empty title="Not a Spark application id." hint="Pick an app from the Overview." />;
  return <Comparison appId={appId} otherAppId={otherAppId} />;
}
