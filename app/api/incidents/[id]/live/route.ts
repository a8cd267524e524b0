import { actorOf } from '@/lib/api/actor';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { liveness } from '@/lib/correlate/incident-evidence';
import { getIncident } from '@/lib/correlate/incidents';

export const dynamic = 'force-dynamic';

/** Which pinned pieces the backends still hold (the live views), and which are only frozen here. */
export const GET = route<{ params: Promise<{ id: string }> }>(
  'operator',
  async (request, context, caller) => {
    const id = parsePath('id', (await context.params).id, params.incidentId);
    const incident = await getIncident(id, actorOf(caller), request.signal);
    const { liveness: data, unknown } = await liveness(incident, request.signal);
    return json({ data, unknown });
  },
);
