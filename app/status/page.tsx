import type { Metadata } from 'next';
import { StatusBoard } from '@/components/status/status-board';
import { checkHealth } from '@/lib/correlate/health';

export const metadata: Metadata = { title: 'Status' };
export const dynamic = 'force-dynamic';

export default async function StatusPage() {
  return <StatusBoard initial={await checkHealth(new AbortController().signal)} />;
}
