import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LogsExplorer } from '@/components/logs/logs-explorer';

export const metadata: Metadata = { title: 'Logs' };
export const dynamic = 'force-dynamic';

export default async function LogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const now = Date.now();
  if (typeof sp.from !== 'string' || typeof sp.to !== 'string') {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(sp)) if (typeof v === 'string') search.set(k, v);
    search.set('from', typeof sp.from === 'string' ? sp.from : String(now - 3 * 3600_000));
    search.set('to', typeof sp.to === 'string' ? sp.to : String(now));
    redirect(`/logs?${search.toString()}`);
  }
  return <LogsExplorer defaultWindow={{ from: now - 3 * 3600_000, to: now }} />;
}
