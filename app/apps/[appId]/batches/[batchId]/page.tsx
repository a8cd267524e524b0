import type { Metadata } from 'next';
import { BatchView } from '@/components/batch/batch-view';
import { Empty } from '@/components/ui/skeleton';
import { requireSession } from '@/lib/auth/pages';
import { patterns } from '@/lib/domain/ids';

export const metadata: Metadata = { title: 'Micro-batch' };
export const dynamic = 'force-dynamic';

export default async function BatchPage({
  params,
}: {
  params: Promise<{ appId: string; batchId: string }>;
}) {
  const { appId, batchId } = await params;
  await requireSession(
    `/apps/${encodeURIComponent(appId)}/batches/${encodeURIComponent(batchId)}`,
    'operator',
  );
  if (!patterns.appId.test(appId) || !/^\d{1,10}$/.test(batchId))
    return <Empty title="Not a Spark application id and batch number." />;
  return <BatchView appId={appId} batchId={Number(batchId)} />;
}
