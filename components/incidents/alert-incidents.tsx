'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { incidentsQuery } from '@/lib/queries/api';
import { savedIncidentHref } from '@/lib/url/incidents';

/**
 * The incidents already saved from this alert, so a notification's link (the incident view of
 * its alert) leads to the saved incident when there is one. Nothing when there is none.
 */
export function AlertIncidents({ fingerprint }: { fingerprint: string }) {
  const query = useQuery(incidentsQuery({ alert: fingerprint }));
  const saved = query.data?.data ?? [];
  if (!saved.length) return null;
  return (
    <p
      className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/40"
      data-testid="alert-incidents"
    >
      Saved as {saved.length === 1 ? 'an incident' : `${saved.length} incidents`}:{' '}
      {saved.map((i, n) => (
        <span key={i.id}>
          {n ? ', ' : ''}
          <Link className="text-sky-700 underline dark:text-sky-300" href={savedIncidentHref(i.id)}>
            {i.title}
          </Link>{' '}
          <span className="text-xs text-muted">({i.status})</span>
        </span>
      ))}
    </p>
  );
}
