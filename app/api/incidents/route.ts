import { actorOf } from '@/lib/api/actor';
import { jsonBody } from '@/lib/api/body';
import { parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { createIncident, listIncidents } from '@/lib/correlate/incidents';
import { createIncidentSchema } from '@/lib/domain/schemas';

export const dynamic = 'force-dynamic';

const MAX_BODY = 64 * 1024;

/** Saved incidents, newest change first: of one app, and/or matching a text over titles and notes. */
export const GET = route(async (request) => {
  const q = parseQuery(new URL(request.url).searchParams, {
    appId: params.appId,
    q: params.q,
    status: params.incidentStatus,
    limit: params.limit(200),
  });
  const data = await listIncidents(
    {
      limit: q.limit ?? 50,
      ...(q.appId ? { appId: q.appId } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(q.status ? { status: q.status } : {}),
    },
    actorOf(request),
    request.signal,
  );
  return json({ data });
});

/** Saves an incident with its evidence copied in; 201 with the incident. */
export const POST = route(async (request) => {
  const body = await jsonBody(request, createIncidentSchema, MAX_BODY);
  const data = await createIncident(body, actorOf(request), request.signal);
  return json({ data }, { status: 201 });
});
