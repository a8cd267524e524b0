'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { countOf } from '@/lib/domain/plural';
import type { IncidentStatus } from '@/lib/domain/types';
import { incidentsQuery } from '@/lib/queries/api';
import { savedIncidentHref } from '@/lib/url/incidents';

const TONE = { open: 'bad', mitigated: 'warn', resolved: 'ok' } as const;

/** Saved incidents, most recently changed first: of one app (its page) or a search (/incidents). */
export function IncidentList({
  appId,
  q,
  status,
  title = 'Saved incidents',
}: {
  appId?: string | undefined;
  q?: string | undefined;
  status?: IncidentStatus | undefined;
  title?: string;
}) {
  const query = useQuery(
    incidentsQuery({
      ...(appId ? { appId } : {}),
      ...(q ? { q } : {}),
      ...(status ? { status } : {}),
    }),
  );
  const incidents = query.data?.data ?? [];
  return (
    <Card
      testId="incident-list"
      title={
        <span>
          {title}
          {query.data ? (
            <span className="ml-2 font-normal text-muted">{incidents.length}</span>
          ) : null}
        </span>
      }
    >
      {query.isPending ? (
        <Skeleton className="h-16" />
      ) : query.error ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : incidents.length ? (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 font-medium">Title</th>
              <th className="font-medium">Status</th>
              {appId ? null : <th className="font-medium">App</th>}
              <th className="font-medium">Pinned</th>
              <th className="font-medium">Updated</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr
                key={i.id}
                className="border-t border-zinc-100 dark:border-zinc-800"
                data-testid="incident-row"
              >
                <td className="max-w-96 truncate py-1">
                  <Link
                    href={savedIncidentHref(i.id)}
                    className="text-sky-700 underline dark:text-sky-300"
                  >
                    {i.title}
                  </Link>
                  {i.alertName ? (
                    <span className="ml-2 text-xs text-muted">{i.alertName}</span>
                  ) : null}
                </td>
                <td>
                  <Badge tone={TONE[i.status]}>{i.status}</Badge>
                </td>
                {appId ? null : <td className="text-xs">{i.scope.appName ?? i.scope.appId}</td>}
                <td className="text-xs text-muted">
                  {countOf(i.pinned.logs, 'line')} · {countOf(i.pinned.traces, 'trace')}
                </td>
                <td className="text-xs whitespace-nowrap text-muted">
                  {formatTime(i.updatedAt, true)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty
          title={q ? 'No incident matches.' : 'No incident saved yet.'}
          hint={
            q
              ? 'The search looks at titles and notes.'
              : 'Save one with "Save incident" on an app or incident view.'
          }
        />
      )}
    </Card>
  );
}
