import type { Metadata } from 'next';
import { AlertTable } from '@/components/alerts/alert-table';
import { Card } from '@/components/ui/card';
import { SourceStatuses } from '@/components/ui/source-status';
import { requireSession } from '@/lib/auth/pages';
import { alertsOverview } from '@/lib/correlate/alerts';

export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const { scope } = await requireSession('/alerts');
  const { data, sources } = await alertsOverview(new AbortController().signal, scope);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Alerts</h1>
      <SourceStatuses sources={sources} />
      <Card title={`Active (${data.active.length})`}>
        <AlertTable
          alerts={data.active}
          empty="No active alerts. Alert rules live in deploy/prometheus/rules."
        />
      </Card>
      <Card title={`Recently resolved (${data.recent.length})`}>
        <AlertTable
          alerts={data.recent}
          empty="No resolved alert received since the console started (Alertmanager's webhook feeds this list)."
        />
      </Card>
    </div>
  );
}
