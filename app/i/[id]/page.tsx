import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { SavedIncident } from '@/components/incidents/saved-incident';
import { Empty } from '@/components/ui/skeleton';
import { actorOf } from '@/lib/api/actor';
import { findIncident, liveness } from '@/lib/correlate/incidents';
import { patterns } from '@/lib/domain/ids';

export const metadata: Metadata = { title: 'Incident' };
export const dynamic = 'force-dynamic';

/** A saved incident's short link: its frozen evidence, whatever the backends still hold. */
export default async function SavedIncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!patterns.incidentId.test(id))
    return (
      <Empty title="Not an incident link." hint="Incident links look like /i/<22 characters>." />
    );
  const who = actorOf({ headers: await headers() });
  const signal = AbortSignal.timeout(10_000);
  const found = await findIncident(id, who, signal);
  if ('missing' in found)
    return (
      <Empty
        title="No such incident."
        hint="The link may be mistyped, or the incident was never saved here."
      />
    );
  if ('unavailable' in found)
    return (
      <Empty
        title="The incident store did not answer."
        hint={`Incidents are kept in Elasticsearch: ${found.unavailable}`}
      />
    );
  // What the backends still hold, for the "live" labels; the incident shows either way.
  const live = await liveness(found.incident, signal).catch(() => undefined);
  return (
    <SavedIncident
      incident={found.incident}
      live={live?.liveness}
      liveUnknown={live ? live.unknown : ['the backends did not answer in time']}
    />
  );
}
