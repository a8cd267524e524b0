import { BadRequestError } from '@/lib/domain/errors';
import { parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { findAlert, resolveIncident } from '@/lib/correlate/incident';

export const dynamic = 'force-dynamic';

/** An alert (by fingerprint) resolved into its incident scope: app, query, onset, padded window. */
export const GET = route(async (request) => {
  const q = parseQuery(new URL(request.url).searchParams, { fingerprint: params.fingerprint }, [
    'fingerprint',
  ]);
  const alert = await findAlert(q.fingerprint, request.signal);
  if (!alert)
    throw new BadRequestError('fingerprint', 'no active or recent alert has this fingerprint', 404);
  const scope = await resolveIncident(alert, request.signal);
  if (!scope) throw new BadRequestError('fingerprint', 'this alert carries no app_id label', 422);
  return json(scope);
});
