import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatTime } from '@/components/ui/format';
import { Empty } from '@/components/ui/skeleton';
import type { Alert } from '@/lib/domain/types';
import { incidentHref } from '@/lib/url/incident';

/** Alerts with their app and an "Investigate" link into the incident view. */
export function AlertTable({ alerts, empty }: { alerts: Alert[]; empty: string }) {
  if (!alerts.length) return <Empty title={empty} />;
  return (
    <table className="w-full text-sm" data-testid="alert-table">
      <thead className="text-left text-xs text-muted">
        <tr>
          <th className="py-1 font-medium">Alert</th>
          <th className="font-medium">App</th>
          <th className="font-medium">Since</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr
            key={`${a.fingerprint}-${a.startsAt}`}
            className="border-t border-zinc-100 align-top dark:border-zinc-800"
            data-testid="alert-row"
            data-alertname={a.name}
          >
            <td className="py-2 pr-3">
              <div className="flex items-center gap-2">
                <Badge
                  tone={a.state === 'resolved' ? 'ok' : a.severity === 'critical' ? 'bad' : 'warn'}
                >
                  {a.state === 'resolved' ? 'resolved' : (a.severity ?? a.state)}
                </Badge>
                <span className="font-medium">{a.name}</span>
              </div>
              {a.summary ? <p className="mt-0.5 text-xs text-muted">{a.summary}</p> : null}
            </td>
            <td className="pr-3">
              {a.appId ? (
                <>
                  <div>{a.appName ?? a.appId}</div>
                  <div className="font-mono text-xs text-muted">{a.appId}</div>
                </>
              ) : (
                <span className="text-muted">—</span>
              )}
            </td>
            <td className="pr-3 font-mono text-xs whitespace-nowrap">
              {formatTime(a.startsAt, true)}
            </td>
            <td className="text-right">
              {a.appId ? (
                <Link
                  href={incidentHref({ alert: a.fingerprint })}
                  className="rounded bg-sky-700 px-2.5 py-1 text-xs font-medium text-white hover:bg-sky-800"
                  data-testid="investigate"
                >
                  Investigate
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
