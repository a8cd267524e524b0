import { createSerializer, parseAsString } from 'nuqs/server';
import { filterParsers } from './shared';

/**
 * The micro-batch page, `/apps/<appId>/batches/<batchId>`: the app's name (a Jaeger service hint)
 * and the log filters of its log panel (level, text, executor, stage).
 */
export const batchParsers = {
  appName: parseAsString,
  level: filterParsers.level,
  q: filterParsers.q,
  executorId: filterParsers.executorId,
  stageId: filterParsers.stageId,
};
const serialize = createSerializer(batchParsers);

export function batchHref(
  appId: string,
  batchId: number,
  state: { appName?: string | null } = {},
): string {
  return serialize(
    `/apps/${encodeURIComponent(appId)}/batches/${encodeURIComponent(String(batchId))}`,
    state,
  );
}
