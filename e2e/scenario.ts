import { readFileSync } from 'node:fs';

/** What `npm run seed` wrote (.stack/seed/scenario.json): the ids the specs look for. */
export interface Scenario {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string; spikeBatchId: number };
  incident: { executorLostAt: number; lostExecutorId: string };
  traces: { spikeBatch: string };
}

export function scenario(): Scenario {
  return JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as Scenario;
}
