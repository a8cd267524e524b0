import 'server-only';
import { allowsApp } from '@/lib/domain/access';
import { BadRequestError } from '@/lib/domain/errors';
import type {
  CreateIncident,
  Incident,
  IncidentLiveness,
  IncidentQuery,
  PinnedLog,
  PinnedTrace,
} from '@/lib/domain/types';
import {
  getLogDocuments,
  isLogIndex,
  type LogRef,
} from '@/lib/sources/elasticsearch/log-documents';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { appHref } from '@/lib/url/app';
import { incidentHref } from '@/lib/url/incident';
import { apiSearch, type Filters } from '@/lib/url/shared';
import { mapped } from './mapping';
import { traceDetail } from './trace-detail';
import type { Actor } from './incidents';

/**
 * An incident's evidence: log lines and traces copied in from their backends (pins), the queries
 * the saved views ran, and whether the backends still hold what was copied (the "live" labels).
 */

/** Points of the frozen charts: enough for a full-width chart, at a few KB a series. */
export const SNAPSHOT_WIDTH = 800;
const MAX_WINDOW_MS = 31 * 24 * 3600_000;

export const logKey = (r: LogRef) => `log:${r.index}/${r.id}`;
export const traceKey = (traceId: string) => `trace:${traceId}`;

export function checkWindow(w: { from: number; to: number }) {
  if (!(w.from < w.to)) throw new BadRequestError('body.window', 'from must be before to');
  if (w.to - w.from > MAX_WINDOW_MS)
    throw new BadRequestError('body.window', 'the window must be at most 31 days');
}

export function checkLogRefs(refs: LogRef[], param: string) {
  refs.forEach((r, i) => {
    if (!isLogIndex(r.index))
      throw new BadRequestError(`${param}[${i}].index`, 'is not one of the log indices');
  });
}

/** Copies log lines in whole; every one must still be in Elasticsearch (else 422, nothing kept). */
export async function pinLogs(
  refs: LogRef[],
  who: Actor,
  signal: AbortSignal,
  param = (i: number) => `body.logs[${i}]`,
): Promise<PinnedLog[]> {
  const docs = await getLogDocuments(refs, mapped(signal));
  const now = Date.now();
  return refs.map((ref, i) => {
    const doc = docs[i];
    // Another team's line is as missing as one that is not there.
    if (!doc || !allowsApp(who.scope, doc.entry.appName))
      throw new BadRequestError(param(i), 'no such log line in Elasticsearch', 422);
    return { key: logKey(ref), pinnedAt: now, pinnedBy: who.user, ...doc };
  });
}

/** Copies traces in whole, as the trace view shows them (spans, their logs, the metrics around). */
export async function pinTraces(
  ids: string[],
  who: Actor,
  signal: AbortSignal,
  param = (i: number) => `body.traces[${i}]`,
): Promise<PinnedTrace[]> {
  return Promise.all(
    ids.map(async (traceId, i) => {
      const detail = await traceDetail(traceId, { width: SNAPSHOT_WIDTH }, signal, {
        scope: who.scope,
        logs: true,
      });
      if (!detail.data.trace) {
        const why = detail.sources.jaeger?.error?.message ?? 'no such trace in Jaeger';
        throw new BadRequestError(param(i), why, 422);
      }
      return {
        key: traceKey(traceId),
        pinnedAt: Date.now(),
        pinnedBy: who.user,
        detail: detail.data,
      };
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
      url: `/api/traces/${t}`,
    })),
  ];
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
      unknown.push(`elasticsearch: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }),
    Promise.all(
      incident.evidence.traces.map(async (t) => {
        try {
          return (await getTrace(t.detail.trace?.traceId ?? '', mapped(signal))) !== null;
        } catch (error) {
          unknown.push(`jaeger: ${error instanceof Error ? error.message : String(error)}`);
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
