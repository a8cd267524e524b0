import { createSerializer, parseAsInteger, parseAsString } from 'nuqs/server';
import { filterParsers } from './shared';

/**
 * The micro-batch page, `/apps/<appId>/batches/<batchId>`: the app's name (a Jaeger service hint)
 * the log filters of its log panel (level, text, executor, stage) and `vs`, another batch of the
 * query to compare it with.
 */
export const batchParsers = {
  appName: parseAsString,
  vs: parseAsInteger,
  level: filterParsers.level,
  q: filterParsers.q,
  executorId: filterParsers.executorId,
  stageId: filterParsers.stageId,
};
const serialize = createSerializer(batchParsers);

export function batchHref(
  appId: string,
  batchId: number,
  state: { appName?: string | null; vs?: number | null } = {},
): string {
  return serialize(
    `/apps/${encodeURIComponent(appId)}/batches/${encodeURIComponent(String(batchId))}`,
    state,
  );
}
