import { type inferParserType, createLoader, createSerializer, parseAsString } from 'nuqs/server';
import { filterParsers, windowParsers } from './shared';

/** The logs page, `/logs`: window, filters and optionally one app. */
export const logsParsers = { ...windowParsers, ...filterParsers, appId: parseAsString };

export const loadLogsSearch = createLoader(logsParsers);
const serialize = createSerializer(logsParsers);

export type LogsState = Partial<inferParserType<typeof logsParsers>>;

export function logsHref(state: LogsState = {}): string {
  return serialize('/logs', state);
}
