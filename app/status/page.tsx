import type { Metadata } from 'next';
import { StatusBoard } from '@/components/status/status-board';
import { requireSession } from '@/lib/auth/pages';
import { checkHealth } from '@/lib/correlate/health';

export const metadata: Metadata = { title: 'Status' };
export const dynamic = 'force-dynamic';

export default async function StatusPage() {
  await requireSession('/status');
  return <StatusBoard initial={await checkHealth(new AbortController().signal)} />;
}
