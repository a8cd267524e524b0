import { actorOf } from '@/lib/api/actor';
import { jsonBody } from '@/lib/api/body';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { getIncident, patchIncident } from '@/lib/correlate/incidents';
import { patchIncidentSchema } from '@/lib/domain/schemas';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** One incident with its frozen evidence, notes and history. */
export const GET = route<Context>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  return json({ data: await getIncident(id, actorOf(request), request.signal) });
});

/** Changes the status (open, mitigated, resolved) or the title; the history records it. */
export const PATCH = route<Context>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const patch = await jsonBody(request, patchIncidentSchema, 4 * 1024);
  return json({ data: await patchIncident(id, patch, actorOf(request), request.signal) });
});
