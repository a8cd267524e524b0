import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LogsExplorer } from '@/components/logs/logs-explorer';
import { requireSession } from '@/lib/auth/pages';
import { loadLogsSearch, logsHref } from '@/lib/url/logs';
import { lastWindow, type SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'Logs' };
export const dynamic = 'force-dynamic';

export default async function LogsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Log lines are an operator's (they hold what apps print: credentials, customer data).
  const search = await searchParams;
  await requireSession('/logs', 'operator', search);
  const state = loadLogsSearch(search);
  // The address bar always holds an absolute window, so it is the shareable link.
  if (state.from === null || state.to === null) {
    const window = lastWindow(3 * 3600_000);
    redirect(logsHref({ ...state, from: state.from ?? window.from, to: state.to ?? window.to }));
  }
  return <LogsExplorer defaultWindow={{ from: state.from, to: state.to }} />;
}
