import {
  type inferParserType,
  createLoader,
  createSerializer,
  parseAsString,
  parseAsStringLiteral,
} from 'nuqs/server';
import { INCIDENT_STATUSES } from '@/lib/domain/types';

/**
 * Saved incidents: the short link `/i/<id>`, its exports, and the list page `/incidents`
 * (`?q=<text>&appId=<app>&status=<status>`).
 */
export const incidentsParsers = {
  q: parseAsString,
  appId: parseAsString,
  status: parseAsStringLiteral(INCIDENT_STATUSES),
};

export const loadIncidentsSearch = createLoader(incidentsParsers);
const serialize = createSerializer(incidentsParsers);

export type IncidentsState = Partial<inferParserType<typeof incidentsParsers>>;

export function incidentsHref(state: IncidentsState = {}): string {
  return serialize('/incidents', state);
}

/** The short link of a saved incident. */
export function savedIncidentHref(id: string): string {
  return `/i/${encodeURIComponent(id)}`;
}

export function incidentExportHref(id: string, format: 'json' | 'html'): string {
  return `/api/incidents/${encodeURIComponent(id)}/export?format=${format}`;
}

/** The incident API's paths, for the browser's calls. */
export const incidentApi = {
  collection: '/api/incidents',
  import: '/api/incidents/import',
  one: (id: string) => `/api/incidents/${encodeURIComponent(id)}`,
  notes: (id: string) => `/api/incidents/${encodeURIComponent(id)}/notes`,
  evidence: (id: string, key?: string) =>
    `/api/incidents/${encodeURIComponent(id)}/evidence${key ? `?key=${encodeURIComponent(key)}` : ''}`,
};
