import {
  type inferParserType,
  createLoader,
  createSerializer,
  parseAsInteger,
  parseAsString,
} from 'nuqs/server';
import { windowParsers } from './shared';

/** The trace search, `/traces`: an app, window, stage and micro-batch. */
export const tracesParsers = {
  ...windowParsers,
  appId: parseAsString,
  stageId: parseAsInteger,
  batchId: parseAsInteger,
};

export const loadTracesSearch = createLoader(tracesParsers);
const serialize = createSerializer(tracesParsers);

export type TracesState = Partial<inferParserType<typeof tracesParsers>>;

export function tracesHref(state: TracesState = {}): string {
  return serialize('/traces', state);
}

/** One trace, `/traces/<traceId>`. */
export function traceHref(traceId: string): string {
  return `/traces/${encodeURIComponent(traceId)}`;
}
