import 'server-only';
import { randomBytes } from 'node:crypto';
import { type AppScope, allowsApp } from '@/lib/domain/access';
import { BadRequestError } from '@/lib/domain/errors';
import { patterns } from '@/lib/domain/ids';
import { countOf } from '@/lib/domain/plural';
import { UpstreamError, reportFailure } from '@/lib/http/errors';
import { currentRequestId } from '@/lib/http/request-id';
import { getConfig } from '@/lib/config';
import {
  INCIDENT_LIMITS,
  type CreateIncident,
  type Incident,
  type IncidentAlert,
  type IncidentStatus,
  type IncidentSummary,
} from '@/lib/domain/types';
import type { LogRef } from '@/lib/sources/elasticsearch/log-documents';
import {
  IncidentConflictError,
  insertIncident,
  readIncident,
  replaceIncident,
  searchIncidents,
  type StoredIncident,
} from '@/lib/sources/elasticsearch/incidents';
import { assertAppInScope } from './access';
import { appStages } from './app-stages';
import { findAlert, resolveIncident } from './incident';
import {
  SNAPSHOT_WIDTH,
  checkLogRefs,
  checkWindow,
  logKey,
  pinLogs,
  pinTraces,
  queriesOf,
} from './incident-evidence';
import { appTimeline } from './timeline';

const UPDATE_ATTEMPTS = 4;

/** A new incident id: 16 random bytes, base64url (22 characters), never derived from anything. */
export function newIncidentId(): string {
  return randomBytes(16).toString('base64url');
}

/** Who asks: the user's name for the history, the apps they may see for the filtering. */
export interface Actor {
  user: string;
  scope: AppScope;
}

/**
 * Whether `actor` may see an incident. THE one place incidents are filtered by who asks: access
 * follows the app's (another team's incident is a 404 and never listed).
 */
export function canSee(actor: Actor, incident: Pick<Incident, 'scope'>): boolean {
  return allowsApp(actor.scope, incident.scope.appName);
}

async function alertOf(
  fingerprint: string | undefined,
  signal: AbortSignal,
): Promise<IncidentAlert | undefined> {
  if (!fingerprint) return undefined;
  const alert = await findAlert(fingerprint, signal).catch(() => undefined);
  if (!alert) throw new BadRequestError('body.alert', 'no such alert (active or stored)', 422);
  const scope = await resolveIncident(alert, signal).catch(() => undefined);
  const onset = scope?.data.onset;
  return { ...alert, ...(onset === undefined ? {} : { onset }) };
}

/**
 * Saves an incident: the alert and scope, the queries, the chosen log lines and traces copied in
 * whole, and snapshots of the timeline and (when Spark has it) the stage table. A pinned piece
 * that cannot be copied refuses the whole save; nothing is stored on any failure.
 */
export async function createIncident(
  req: CreateIncident,
  who: Actor,
  signal: AbortSignal,
): Promise<Incident> {
  checkWindow(req.window);
  checkLogRefs(req.logs, 'body.logs');
  // Another team's app is a 404, as everywhere.
  await assertAppInScope(who.scope, req.appId, signal);
  const traces = [...new Set(req.traces)];
  const logs = [...new Map(req.logs.map((r) => [logKey(r), r])).values()];
  const [alert, pinnedLogs, pinnedTraces, timeline, stages] = await Promise.all([
    alertOf(req.alert, signal),
    pinLogs(logs, who, signal),
    pinTraces(traces, who, signal),
    appTimeline(
      {
        appId: req.appId,
        ...(req.appName ? { appName: req.appName } : {}),
        ...req.window,
        width: SNAPSHOT_WIDTH,
      },
      signal,
    ),
    appStages(req.appId, signal, { everyQuantile: true }).catch(() => undefined),
  ]);
  const now = Date.now();
  const incident: Incident = {
    id: newIncidentId(),
    title: req.title,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    ...(alert ? { alert } : {}),
    scope: {
      appId: req.appId,
      ...(req.appName ? { appName: req.appName } : {}),
      window: req.window,
    },
    queries: queriesOf(req, traces),
    evidence: {
      logs: pinnedLogs,
      traces: pinnedTraces,
      timeline: { frozenAt: now, timeline: timeline.data },
      stages: stages?.data.stages.length ? { frozenAt: now, stages: stages.data } : null,
    },
    notes: [],
    history: [
      {
        at: now,
        who: who.user,
        what: `saved with ${countOf(pinnedLogs.length, 'log line')} and ${countOf(pinnedTraces.length, 'trace')}`,
      },
    ],
  };
  checkStorable(incident);
  await insertIncident(incident, { signal });
  return incident;
}

/**
 * An incident is one document, read back whole: it must fit the size cap on backend answers
 * (UPSTREAM_MAX_BYTES), else it would be saved and never opened again.
 */
export function checkStorable(incident: Incident): void {
  const cap = getConfig().maxResponseBytes - 64 * 1024;
  const bytes = Buffer.byteLength(JSON.stringify(incident), 'utf8');
  if (bytes > cap)
    throw new BadRequestError(
      'body',
      `the incident would be ${(bytes / 2 ** 20).toFixed(1)} MiB, more than the ${(cap / 2 ** 20).toFixed(1)} MiB the console reads back (UPSTREAM_MAX_BYTES); pin fewer or smaller traces`,
      413,
    );
}

/** A well-formed id (else 400); the incident it names, if `who` may see it (else 404). */
async function readVisible(id: string, who: Actor, signal: AbortSignal): Promise<StoredIncident> {
  if (!patterns.incidentId.test(id)) throw new BadRequestError('id', 'not an incident id');
  const stored = await readIncident(id, { signal });
  // Hidden and missing look the same: an id says nothing about an incident one may not see.
  if (!stored || !canSee(who, stored.incident))
    throw new BadRequestError('id', 'no such incident', 404);
  return stored;
}

export async function getIncident(id: string, who: Actor, signal: AbortSignal) {
  return (await readVisible(id, who, signal)).incident;
}

/** For a page: the incident, or why there is none to show (missing or hidden, store down). */
export async function findIncident(
  id: string,
  who: Actor,
  signal: AbortSignal,
): Promise<{ incident: Incident } | { missing: true } | { unavailable: string }> {
  try {
    return { incident: await getIncident(id, who, signal) };
  } catch (error) {
    if (error instanceof BadRequestError) return { missing: true };
    if (error instanceof UpstreamError)
      return { unavailable: reportFailure(error, currentRequestId()) };
    throw error;
  }
}

/**
 * Read, change, write only over what was read (optimistic concurrency); another writer in between
 * means reading again and re-applying the change. Still conflicting after a few tries → 409.
 */
async function updateIncident(
  id: string,
  who: Actor,
  signal: AbortSignal,
  change: (incident: Incident) => Promise<{ next: Incident; what: string } | undefined>,
): Promise<Incident> {
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const stored = await readVisible(id, who, signal);
    const changed = await change(stored.incident);
    if (!changed) return stored.incident;
    const now = Date.now();
    const next: Incident = {
      ...changed.next,
      updatedAt: now,
      history: [...changed.next.history, { at: now, who: who.user, what: changed.what }],
    };
    checkStorable(next);
    try {
      await replaceIncident(stored, next, { signal });
      return next;
    } catch (error) {
      if (!(error instanceof IncidentConflictError)) throw error;
    }
  }
  throw new BadRequestError('id', 'the incident kept changing while this was saved; retry', 409);
}

export function patchIncident(
  id: string,
  patch: { status?: IncidentStatus | undefined; title?: string | undefined },
  who: Actor,
  signal: AbortSignal,
) {
  return updateIncident(id, who, signal, async (incident) => {
    const what: string[] = [];
    if (patch.status && patch.status !== incident.status)
      what.push(`status ${incident.status} → ${patch.status}`);
    if (patch.title !== undefined && patch.title !== incident.title)
      what.push(`title “${incident.title}” → “${patch.title}”`);
    if (!what.length) return undefined;
    return {
      next: {
        ...incident,
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.title !== undefined ? { title: patch.title } : {}),
      },
      what: what.join('; '),
    };
  });
}

export function addNote(id: string, text: string, who: Actor, signal: AbortSignal) {
  if (Buffer.byteLength(text, 'utf8') > INCIDENT_LIMITS.noteBytes)
    throw new BadRequestError('body.text', `longer than ${INCIDENT_LIMITS.noteBytes} bytes`, 413);
  return updateIncident(id, who, signal, async (incident) => {
    if (incident.notes.length >= INCIDENT_LIMITS.notes)
      throw new BadRequestError('body.text', `the incident holds ${INCIDENT_LIMITS.notes} notes`);
    const note = { id: newIncidentId(), at: Date.now(), who: who.user, text };
    return { next: { ...incident, notes: [...incident.notes, note] }, what: 'added a note' };
  });
}

export type PinInput = { log: LogRef } | { trace: string };

/** Copies one more log line or trace into the incident (fetched once, before the write loop). */
export async function pin(id: string, input: PinInput, who: Actor, signal: AbortSignal) {
  await readVisible(id, who, signal);
  if ('log' in input) {
    checkLogRefs([input.log], 'body.log');
    const [piece] = await pinLogs([input.log], who, signal, () => 'body.log');
    return updateIncident(id, who, signal, async (incident) => {
      if (!piece || incident.evidence.logs.some((l) => l.key === piece.key)) return undefined;
      if (incident.evidence.logs.length >= INCIDENT_LIMITS.logs)
        throw new BadRequestError('body.log', `the incident holds ${INCIDENT_LIMITS.logs} lines`);
      const evidence = { ...incident.evidence, logs: [...incident.evidence.logs, piece] };
      return { next: { ...incident, evidence }, what: `pinned ${piece.key}` };
    });
  }
  const [piece] = await pinTraces([input.trace], who, signal, () => 'body.trace');
  return updateIncident(id, who, signal, async (incident) => {
    if (!piece || incident.evidence.traces.some((t) => t.key === piece.key)) return undefined;
    if (incident.evidence.traces.length >= INCIDENT_LIMITS.traces)
      throw new BadRequestError(
        'body.trace',
        `the incident holds ${INCIDENT_LIMITS.traces} traces`,
      );
    const evidence = { ...incident.evidence, traces: [...incident.evidence.traces, piece] };
    return { next: { ...incident, evidence }, what: `pinned ${piece.key}` };
  });
}

/** Removes a pinned piece by its key (`log:<index>/<id>` or `trace:<traceId>`); 404 if not pinned. */
export function unpin(id: string, key: string, who: Actor, signal: AbortSignal) {
  return updateIncident(id, who, signal, async (incident) => {
    const { logs, traces } = incident.evidence;
    const evidence = {
      ...incident.evidence,
      logs: logs.filter((l) => l.key !== key),
      traces: traces.filter((t) => t.key !== key),
    };
    if (evidence.logs.length === logs.length && evidence.traces.length === traces.length)
      throw new BadRequestError('key', 'nothing pinned under that key', 404);
    return { next: { ...incident, evidence }, what: `unpinned ${key}` };
  });
}

export async function listIncidents(
  query: {
    appId?: string;
    q?: string;
    status?: IncidentStatus;
    fingerprint?: string;
    limit: number;
  },
  who: Actor,
  signal: AbortSignal,
): Promise<IncidentSummary[]> {
  const found = await searchIncidents(
    {
      limit: query.limit,
      ...(query.appId ? { appIds: [query.appId] } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.fingerprint ? { fingerprint: query.fingerprint } : {}),
    },
    { signal },
  );
  // Filtered after the search: once access is per app, the apps one may see belong in the search
  // itself (searchIncidents takes appIds), so a page is never short of what it may show.
  return found.filter((s) => canSee(who, s));
}
