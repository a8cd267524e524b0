import 'server-only';
import { errors } from '@elastic/elasticsearch';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { incidentSchema, incidentSummarySchema } from '@/lib/domain/schemas';
import type { Incident, IncidentStatus, IncidentSummary } from '@/lib/domain/types';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions } from '../request-options';
import { callOptions, elasticsearchClient, ensureConsoleIndex, toUpstreamError } from './client';

/**
 * Saved incidents, one document each in an index of the console's own (`<prefix>-incidents`), so
 * every replica serves the same incidents and a link outlives the backends' retention. Updates are
 * optimistic: written only if nobody wrote in between (`if_seq_no` / `if_primary_term`).
 */
export const incidentsIndex = () => `${getConfig().elasticsearch.consoleIndexPrefix}-incidents`;

// Only what is filtered, sorted or searched is indexed; the evidence is kept whole, unindexed
// (a trace's attributes and a log document's fields are open-ended).
const MAPPINGS = {
  dynamic: false,
  properties: {
    id: { type: 'keyword' },
    title: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 256 } } },
    status: { type: 'keyword' },
    createdAt: { type: 'date', format: 'epoch_millis' },
    updatedAt: { type: 'date', format: 'epoch_millis' },
    alert: {
      properties: { fingerprint: { type: 'keyword' }, name: { type: 'keyword' } },
    },
    scope: {
      properties: { appId: { type: 'keyword' }, appName: { type: 'keyword' } },
    },
    notes: { properties: { text: { type: 'text' }, who: { type: 'keyword' } } },
    evidence: { type: 'object', enabled: false },
    history: { type: 'object', enabled: false },
    queries: { type: 'object', enabled: false },
  },
} as const;

/** Someone else wrote the incident since it was read. */
export class IncidentConflictError extends Error {
  override name = 'IncidentConflictError';
}

/** An incident as stored, with the version its next write must match. */
export interface StoredIncident {
  incident: Incident;
  version: { seqNo: number; primaryTerm: number };
}

const REQ = { source: 'elasticsearch', url: 'incidents' };
const statusOf = (error: unknown) =>
  error instanceof errors.ResponseError ? error.statusCode : undefined;

/** Stores a new incident; refused if its id exists. Visible to searches when this resolves. */
export async function insertIncident(incident: Incident, options: CallOptions = {}) {
  try {
    await ensureConsoleIndex(incidentsIndex(), MAPPINGS, options.signal);
    await elasticsearchClient().create(
      { index: incidentsIndex(), id: incident.id, document: incident, refresh: 'wait_for' },
      callOptions(options.signal, 0),
    );
  } catch (error) {
    if (statusOf(error) === 409) throw new IncidentConflictError(`incident ${incident.id} exists`);
    throw toUpstreamError(error, 'storing the incident');
  }
}

const got = z.object({
  _seq_no: z.number(),
  _primary_term: z.number(),
  _source: incidentSchema,
});

/** The incident and its version; null when there is none with that id (or no index yet). */
export async function readIncident(
  id: string,
  options: CallOptions = {},
): Promise<StoredIncident | null> {
  try {
    const raw = await elasticsearchClient().get(
      { index: incidentsIndex(), id },
      callOptions(options.signal),
    );
    const doc = parseWire(got, raw, REQ);
    return {
      incident: doc._source,
      version: { seqNo: doc._seq_no, primaryTerm: doc._primary_term },
    };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw toUpstreamError(error, 'reading the incident');
  }
}

/** Writes an incident back, only over the version it was read at. */
export async function replaceIncident(
  stored: StoredIncident,
  next: Incident,
  options: CallOptions = {},
): Promise<void> {
  try {
    await elasticsearchClient().index(
      {
        index: incidentsIndex(),
        id: next.id,
        document: next,
        if_seq_no: stored.version.seqNo,
        if_primary_term: stored.version.primaryTerm,
        refresh: 'wait_for',
      },
      callOptions(options.signal, 0),
    );
  } catch (error) {
    if (statusOf(error) === 409) throw new IncidentConflictError(`incident ${next.id} changed`);
    throw toUpstreamError(error, 'updating the incident');
  }
}

export interface IncidentSearch {
  appIds?: string[];
  status?: IncidentStatus;
  /** Free text over titles and notes (simple_query_string syntax). */
  q?: string;
  limit: number;
}

const SUMMARY_FIELDS = [
  'id',
  'title',
  'status',
  'createdAt',
  'updatedAt',
  'alert.name',
  'scope',
  'evidence.logs.key',
  'evidence.traces.key',
];
const listed = z.object({
  hits: z.object({
    hits: z.array(
      z.object({
        _source: incidentSummarySchema.omit({ pinned: true, alertName: true }).extend({
          alert: z.object({ name: z.string() }).optional(),
          // Source filtering drops an empty list of pins, and then the object holding it.
          evidence: z
            .object({
              logs: z.array(z.object({ key: z.string() })).default([]),
              traces: z.array(z.object({ key: z.string() })).default([]),
            })
            .default({ logs: [], traces: [] }),
        }),
      }),
    ),
  }),
});

/** Incidents matching the filters, most recently updated first, without their evidence. */
export async function searchIncidents(
  search: IncidentSearch,
  options: CallOptions = {},
): Promise<IncidentSummary[]> {
  const filter: object[] = [];
  if (search.appIds) filter.push({ terms: { 'scope.appId': search.appIds } });
  if (search.status) filter.push({ term: { status: search.status } });
  const must = search.q
    ? [
        {
          simple_query_string: {
            query: search.q,
            fields: ['title', 'notes.text'],
            default_operator: 'and' as const,
          },
        },
      ]
    : [];
  try {
    const raw = await elasticsearchClient().search(
      {
        index: incidentsIndex(),
        size: search.limit,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: { bool: { filter, must } },
        sort: [{ updatedAt: { order: 'desc' } }],
        _source: SUMMARY_FIELDS,
      },
      callOptions(options.signal),
    );
    return parseWire(listed, raw, REQ).hits.hits.map(({ _source: s }) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      ...(s.alert ? { alertName: s.alert.name } : {}),
      scope: s.scope,
      pinned: { logs: s.evidence.logs.length, traces: s.evidence.traces.length },
    }));
  } catch (error) {
    throw toUpstreamError(error, 'the incidents search');
  }
}
