import 'server-only';
import { BadRequestError } from '@/lib/domain/errors';
import { patterns } from '@/lib/domain/ids';
import { INCIDENT_LIMITS, type Incident, type IncidentBundle } from '@/lib/domain/types';
import { insertIncident } from '@/lib/sources/elasticsearch/incidents';
import { checkWindow } from './incident-evidence';
import { type Actor, canSee, checkStorable, newIncidentId } from './incidents';

/** An imported incident keeps the limits a saved one has. */
function checkLimits(incident: Incident) {
  const at = 'body.incident';
  if (incident.title.length > INCIDENT_LIMITS.title || !incident.title.trim())
    throw new BadRequestError(`${at}.title`, `must be 1 to ${INCIDENT_LIMITS.title} characters`);
  if (incident.notes.length > INCIDENT_LIMITS.notes)
    throw new BadRequestError(`${at}.notes`, `more than ${INCIDENT_LIMITS.notes} notes`);
  incident.notes.forEach((n, i) => {
    if (Buffer.byteLength(n.text, 'utf8') > INCIDENT_LIMITS.noteBytes)
      throw new BadRequestError(
        `${at}.notes[${i}].text`,
        `longer than ${INCIDENT_LIMITS.noteBytes} bytes`,
        413,
      );
  });
  if (incident.evidence.logs.length > INCIDENT_LIMITS.logs)
    throw new BadRequestError(`${at}.evidence.logs`, `more than ${INCIDENT_LIMITS.logs} lines`);
  if (incident.evidence.traces.length > INCIDENT_LIMITS.traces)
    throw new BadRequestError(
      `${at}.evidence.traces`,
      `more than ${INCIDENT_LIMITS.traces} traces`,
    );
  checkWindow(incident.scope.window);
  if (!patterns.appId.test(incident.scope.appId))
    throw new BadRequestError(`${at}.scope.appId`, 'not a valid Spark application id');
}

/** The export bundle: the incident whole, self-contained. */
export function bundleOf(incident: Incident, now = Date.now()): IncidentBundle {
  return { format: 'sparkwatch-incident', version: 1, exportedAt: now, incident };
}

/**
 * Stores an exported incident under a new id (an id is never taken from outside: it could be
 * chosen to collide, or to be guessed), its history saying where it came from.
 */
export async function importBundle(
  bundle: IncidentBundle,
  who: Actor,
  signal: AbortSignal,
): Promise<Incident> {
  checkLimits(bundle.incident);
  if (!canSee(who, bundle.incident)) throw new BadRequestError('body.incident', 'not allowed', 404);
  const now = Date.now();
  const incident: Incident = {
    ...bundle.incident,
    id: newIncidentId(),
    updatedAt: now,
    history: [
      ...bundle.incident.history,
      {
        at: now,
        who: who.user,
        what: `imported (exported as ${bundle.incident.id} at ${new Date(bundle.exportedAt).toISOString()})`,
      },
    ],
  };
  checkStorable(incident);
  await insertIncident(incident, { signal });
  return incident;
}
