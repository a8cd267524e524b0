import type { Metadata } from 'next';
import { TraceView } from '@/components/traces/trace-view';
import { Empty } from '@/components/ui/skeleton';
import { requireSession } from '@/lib/auth/pages';
import { patterns } from '@/lib/domain/ids';

export const metadata: Metadata = { title: 'Trace' };

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  await requireSession(`/traces/${encodeURIComponent(traceId)}`);
  const id = traceId.toLowerCase();
  if (!patterns.traceId.test(id))
    return <Empty title="Not a trace id." hint="Trace ids are 32 (or 16) hexadecimal digits." />;
  return <TraceView traceId={id} />;
}
