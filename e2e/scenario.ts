import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

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

/** On the alerts page: Investigate the seeded StreamingNoInput alert of the streaming app. */
export async function investigateStreamingAlert(page: Page, sc: Scenario): Promise<void> {
  await page
    .getByTestId('alert-row')
    .filter({ hasText: 'StreamingNoInput' })
    .filter({ hasText: sc.streaming.appId })
    .getByTestId('investigate')
    .click();
}
