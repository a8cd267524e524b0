import 'server-only';
import { randomBytes } from 'node:crypto';
import { BadRequestError } from '@/lib/domain/errors';
import { patterns } from '@/lib/domain/ids';
import { countOf } from '@/lib/domain/plural';
import { UpstreamError, reportFailure } from '@/lib/http/errors';
import { currentRequestId } from '@/lib/http/request-id';
import type { createIncidentSchema } from '@/lib/domain/schemas';
import { INCIDENT_LIMITS } from '@/lib/domain/types';
import type {
  Incident,
  IncidentAlert,
  IncidentBundle,
  IncidentLiveness,
  IncidentQuery,
  IncidentStatus,
  IncidentSummary,
  PinnedLog,
  PinnedTrace,
} from '@/lib/domain/types';
import {
  getLogDocuments,
  isLogIndex,
  type LogRef,
} from '@/lib/sources/elasticsearch/log-documents';
import {
  IncidentConflictError,
  insertIncident,
  readIncident,
  replaceIncident,
  searchIncidents,
  type StoredIncident,
} from '@/lib/sources/elasticsearch/incidents';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { appHref } from '@/lib/url/app';
import { incidentHref } from '@/lib/url/incident';
import { apiSearch, type Filters } from '@/lib/url/shared';
import { appStages } from './app-stages';
import { findAlert, resolveIncident } from './incident';
import { mapped } from './mapping';
import { appTimeline } from './timeline';
import { traceDetail } from './trace-detail';
import type { z } from 'zod';

export type CreateIncident = z.output<typeof createIncidentSchema>;

/** Points of the frozen timeline charts: enough for a full-width chart, at a few KB a series. */
const SNAPSHOT_WIDTH = 800;
const MAX_WINDOW_MS = 31 * 24 * 3600_000;
const UPDATE_ATTEMPTS = 4;

/** A new incident id: 16 random bytes, base64url (22 characters), never derived from anything. */
export function newIncidentId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Whether `actor` may see an incident. THE one place incidents are filtered by who asks: the
 * sign-in work makes this follow the app's access (the incident's scope.appId / appName). Until
 * then, everyone sees everything, as with every other view.
 */
export function canSee(actor: string, incident: Pick<Incident, 'scope'>): boolean {
  void actor;
  void incident;
  return true;
}

const logKey = (r: LogRef) => `log:${r.index}/${r.id}`;
const traceKey = (traceId: string) => `trace:${traceId}`;

function checkWindow(w: { from: number; to: number }) {
  if (!(w.from < w.to)) throw new BadRequestError('body.window', 'from must be before to');
  if (w.to - w.from > MAX_WINDOW_MS)
    throw new BadRequestError('body.window', 'the window must be at most 31 days');
}

function checkLogRefs(refs: LogRef[], param: string) {
  refs.forEach((r, i) => {
    if (!isLogIndex(r.index))
      throw new BadRequestError(`${param}[${i}].index`, 'is not one of the log indices');
  });
}

/** Copies log lines in whole; every one must still be in Elasticsearch (else 422, nothing kept). */
async function pinLogs(refs: LogRef[], who: string, signal: AbortSignal): Promise<PinnedLog[]> {
  const docs = await getLogDocuments(refs, mapped(signal));
  const now = Date.now();
  return refs.map((ref, i) => {
    const doc = docs[i];
    if (!doc)
      throw new BadRequestError(`body.logs[${i}]`, 'no such log line in Elasticsearch', 422);
    return { key: logKey(ref), pinnedAt: now, pinnedBy: who, ...doc };
  });
}

/** Copies traces in whole, as the trace view shows them (spans, their logs, the metrics around). */
async function pinTraces(ids: string[], who: string, signal: AbortSignal): Promise<PinnedTrace[]> {
  return Promise.all(
    ids.map(async (traceId, i) => {
      const detail = await traceDetail(traceId, { width: SNAPSHOT_WIDTH }, signal);
      if (!detail.data.trace) {
        const why = detail.sources.jaeger?.error?.message ?? 'no such trace in Jaeger';
        throw new BadRequestError(`body.traces[${i}]`, why, 422);
      }
      return { key: traceKey(traceId), pinnedAt: Date.now(), pinnedBy: who, detail: detail.data };
    }),
  );
}

/** The exact view and API requests the saved views ran, relative to the console. */
export function queriesOf(req: CreateIncident, traces: string[]): IncidentQuery[] {
  const { appId, appName, window, filters = {} } = req;
  const f: Filters = filters;
  const app = encodeURIComponent(appId);
  const view =
    req.view === 'incident'
      ? incidentHref({ ...f, appId, appName: appName ?? null, alert: req.alert ?? null, ...window })
      : appHref(appId, { ...f, appName: appName ?? null, ...window });
  return [
    { label: `${req.view} view`, url: view },
    {
      label: 'timeline',
      url: `/api/apps/${app}/timeline${apiSearch({ ...window, width: SNAPSHOT_WIDTH, appName })}`,
    },
    {
      label: 'logs',
      url: `/api/logs${apiSearch({ appId, ...f, ...window, limit: 500, buckets: 80 })}`,
    },
    {
      label: 'traces',
      url: `/api/traces${apiSearch({ appId, appName, stageId: f.stageId, batchId: f.batchId, ...window, limit: 500 })}`,
    },
    { label: 'stages', url: `/api/apps/${app}/stages` },
    ...traces.map((t) => ({
      label: `trace ${t}`,
      url: `/api/traces/${t}${apiSearch({ width: SNAPSHOT_WIDTH })}`,
    })),
  ];
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
  who: string,
  signal: AbortSignal,
): Promise<Incident> {
  checkWindow(req.window);
  checkLogRefs(req.logs, 'body.logs');
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
    appStages(req.appId, signal).catch(() => undefined),
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
        who,
        what: `saved with ${countOf(pinnedLogs.length, 'log line')} and ${countOf(pinnedTraces.length, 'trace')}`,
      },
    ],
  };
  await insertIncident(incident, { signal });
  return incident;
}

/** A well-formed id (else 400); the incident it names, if `who` may see it (else 404). */
async function readVisible(id: string, who: string, signal: AbortSignal): Promise<StoredIncident> {
  if (!patterns.incidentId.test(id)) throw new BadRequestError('id', 'not an incident id');
  const stored = await readIncident(id, { signal });
  // Hidden and missing look the same: an id says nothing about an incident one may not see.
  if (!stored || !canSee(who, stored.incident))
    throw new BadRequestError('id', 'no such incident', 404);
  return stored;
}

export async function getIncident(id: string, who: string, signal: AbortSignal) {
  return (await readVisible(id, who, signal)).incident;
}

/** For a page: the incident, or why there is none to show (missing or hidden, store down). */
export async function findIncident(
  id: string,
  who: string,
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
  who: string,
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
      history: [...changed.next.history, { at: now, who, what: changed.what }],
    };
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
  who: string,
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

export function addNote(id: string, text: string, who: string, signal: AbortSignal) {
  if (Buffer.byteLength(text, 'utf8') > INCIDENT_LIMITS.noteBytes)
    throw new BadRequestError('body.text', `longer than ${INCIDENT_LIMITS.noteBytes} bytes`, 413);
  return updateIncident(id, who, signal, async (incident) => {
    if (incident.notes.length >= INCIDENT_LIMITS.notes)
      throw new BadRequestError('body.text', `the incident holds ${INCIDENT_LIMITS.notes} notes`);
    const note = { id: newIncidentId(), at: Date.now(), who, text };
    return { next: { ...incident, notes: [...incident.notes, note] }, what: 'added a note' };
  });
}

export type PinInput = { log: LogRef } | { trace: string };

/** Copies one more log line or trace into the incident (fetched once, before the write loop). */
export async function pin(id: string, input: PinInput, who: string, signal: AbortSignal) {
  await readVisible(id, who, signal);
  if ('log' in input) {
    checkLogRefs([input.log], 'body.log');
    const [piece] = await pinLogs([input.log], who, signal);
    return updateIncident(id, who, signal, async (incident) => {
      if (!piece || incident.evidence.logs.some((l) => l.key === piece.key)) return undefined;
      if (incident.evidence.logs.length >= INCIDENT_LIMITS.logs)
        throw new BadRequestError('body.log', `the incident holds ${INCIDENT_LIMITS.logs} lines`);
      const evidence = { ...incident.evidence, logs: [...incident.evidence.logs, piece] };
      return { next: { ...incident, evidence }, what: `pinned ${piece.key}` };
    });
  }
  const [piece] = await pinTraces([input.trace], who, signal);
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
export function unpin(id: string, key: string, who: string, signal: AbortSignal) {
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
  query: { appId?: string; q?: string; status?: IncidentStatus; limit: number },
  who: string,
  signal: AbortSignal,
): Promise<IncidentSummary[]> {
  const found = await searchIncidents(
    {
      limit: query.limit,
      ...(query.appId ? { appIds: [query.appId] } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    { signal },
  );
  return found.filter((s) => canSee(who, s));
}

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
  who: string,
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
        who,
        what: `imported (exported as ${bundle.incident.id} at ${new Date(bundle.exportedAt).toISOString()})`,
      },
    ],
  };
  await insertIncident(incident, { signal });
  return incident;
}

/**
 * Which pinned pieces the backends still hold, for the "live" labels: log lines by id in
 * Elasticsearch, traces in Jaeger. A backend that does not answer leaves its pieces unknown.
 */
export async function liveness(
  incident: Incident,
  signal: AbortSignal,
): Promise<{ liveness: IncidentLiveness; unknown: string[] }> {
  const unknown: string[] = [];
  const refs = incident.evidence.logs.map((l) => ({ index: l.entry.index, id: l.entry.id }));
  const [docs, traces] = await Promise.all([
    getLogDocuments(refs, mapped(signal)).catch((error: unknown) => {
      unknown.push(`elasticsearch: ${reportFailure(error, currentRequestId())}`);
      return undefined;
    }),
    Promise.all(
      incident.evidence.traces.map(async (t) => {
        try {
          return (await getTrace(t.detail.trace?.traceId ?? '', mapped(signal))) !== null;
        } catch (error) {
          unknown.push(`jaeger: ${reportFailure(error, currentRequestId())}`);
          return undefined;
        }
      }),
    ),
  ]);
  const logs: Record<string, boolean> = {};
  incident.evidence.logs.forEach((l, i) => {
    if (docs) logs[l.key] = docs[i] !== null;
  });
  const live: Record<string, boolean> = {};
  incident.evidence.traces.forEach((t, i) => {
    const found = traces[i];
    if (found !== undefined) live[t.key] = found;
  });
  return { liveness: { logs, traces: live }, unknown: [...new Set(unknown)] };
}
