import { type inferParserType, createLoader, createSerializer, parseAsString } from 'nuqs/server';
import { filterParsers, windowParsers } from './shared';

/**
 * The incident view, `/incident`: an alert (`alert=<fingerprint>`) resolved into its app and
 * window, or a copied link's app and absolute window.
 */
export const incidentParsers = {
  ...windowParsers,
  ...filterParsers,
  alert: parseAsString,
  appId: parseAsString,
  appName: parseAsString,
};

export const loadIncidentSearch = createLoader(incidentParsers);
const serialize = createSerializer(incidentParsers);

export type IncidentState = Partial<inferParserType<typeof incidentParsers>>;

export function incidentHref(state: IncidentState): string {
  return serialize('/incident', state);
}
