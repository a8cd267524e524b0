import Link from 'next/link';
import { AlertTable } from '@/components/alerts/alert-table';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import { Empty } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { alertsOverview } from '@/lib/correlate/alerts';
import { listApps } from '@/lib/correlate/apps';
import { requireSession } from '@/lib/auth/pages';
import { appHref } from '@/lib/url/app';

export const dynamic = 'force-dynamic';

/** Spark apps of the last 24 hours (running first) and what is firing now. */
export default async function OverviewPage() {
  const { scope } = await requireSession('/');
  const now = Date.now();
  const signal = new AbortController().signal;
  const [apps, alerts] = await Promise.all([
    listApps({ from: now - 24 * 3600_000, to: now }, signal, scope),
    alertsOverview(signal, scope),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Overview</h1>
      <SourceStatuses sources={{ ...apps.sources, ...alerts.sources }} />
      <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
        <Card title={`Spark applications (${apps.data.length})`} testId="apps-card">
          {apps.data.length ? (
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-muted">
                <tr>
                  <th className="py-1 font-medium">Application</th>
                  <th className="font-medium">State</th>
                  <th className="font-medium">Last seen</th>
                  <th className="font-medium">Seen in</th>
                </tr>
              </thead>
              <tbody>
                {apps.data.map((a) => (
                  <tr
                    key={a.appId}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                    data-testid="app-row"
                  >
                    <td className="py-2">
                      <Link
                        className="font-medium text-sky-700 underline dark:text-sky-300"
                        href={appHref(a.appId, { appName: a.appName ?? null })}
                      >
                        {a.appName ?? a.appId}
                      </Link>
                      <div className="font-mono text-xs text-muted">{a.appId}</div>
                    </td>
                    <td>
                      <div className="flex gap-1">
                        <Badge tone={a.running ? 'info' : 'muted'}>
                          {a.running ? 'running' : 'finished'}
                        </Badge>
                        {a.firingAlerts ? <Badge tone="bad">{a.firingAlerts} firing</Badge> : null}
                      </div>
                    </td>
                    <td className="font-mono text-xs">
                      {a.lastSeen ? formatTime(a.lastSeen, true) : '—'}
                    </td>
                    <td className="text-xs text-muted">{a.seenIn.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty
              title="No Spark application seen in the last 24 hours."
              hint="Run npm run seed for the demo scenario."
            />
          )}
        </Card>
        <Card title={`Firing alerts (${alerts.data.active.length})`}>
          <AlertTable alerts={alerts.data.active} empty="Nothing is firing." />
        </Card>
      </div>
    </div>
  );
}
