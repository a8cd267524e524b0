import type { Metadata } from 'next';
import { TracesExplorer } from '@/components/traces/traces-explorer';
import { requireSession } from '@/lib/auth/pages';
import { listApps } from '@/lib/correlate/apps';

export const metadata: Metadata = { title: 'Traces' };
export const dynamic = 'force-dynamic';

export default async function TracesPage() {
  const { scope } = await requireSession('/traces');
  const now = Date.now();
  const apps = await listApps(
    { from: now - 24 * 3600_000, to: now },
    new AbortController().signal,
    scope,
  );
  return (
    <TracesExplorer
      defaultWindow={{ from: now - 3 * 3600_000, to: now }}
      apps={apps.data.map((a) => ({ appId: a.appId, appName: a.appName }))}
    />
  );
}
