import { actorOf } from '@/lib/api/actor';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { getIncident, liveness } from '@/lib/correlate/incidents';

export const dynamic = 'force-dynamic';

/** Which pinned pieces the backends still hold (the live views), and which are only frozen here. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const incident = await getIncident(id, actorOf(request), request.signal);
  const { liveness: data, unknown } = await liveness(incident, request.signal);
  return json({ data, unknown });
});
