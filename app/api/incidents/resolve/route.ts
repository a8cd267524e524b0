import { BadRequestError } from '@/lib/domain/errors';
import { parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { findAlert, resolveIncident } from '@/lib/correlate/incident';
import { allowsApp } from '@/lib/domain/access';

export const dynamic = 'force-dynamic';

/** An alert (by fingerprint) resolved into its incident scope: app, query, onset, padded window. */
export const GET = route('operator', async (request, _context, { principal, scope }) => {
  const q = parseQuery(new URL(request.url).searchParams, { fingerprint: params.fingerprint }, [
    'fingerprint',
  ]);
  const found = await findAlert(q.fingerprint, request.signal);
  // Another team's alert answers exactly as an unknown one.
  const alert = found && allowsApp(scope, found.appName) ? found : undefined;
  if (!alert)
    throw new BadRequestError('fingerprint', 'no active or recent alert has this fingerprint', 404);
  const incident = await resolveIncident(alert, request.signal);
  if (!incident)
    throw new BadRequestError('fingerprint', 'this alert carries no app_id label', 422);
  audit({
    action: 'incident.open',
    user: principal.user,
    outcome: 'ok',
    appId: alert.appId ?? '',
    ...(alert.appName ? { appName: alert.appName } : {}),
    detail: { fingerprint: q.fingerprint },
  });
  return json(incident);
});
