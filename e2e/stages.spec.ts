import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot } from './screens';
import { STACK_DIR } from './stack';

// The seed's real finished Spark app (npm run seed: scripts/seed/spark/history_job.py), which only
// the History Server holds: a skewed sort of 16 tasks, and stages of 4 tasks whose task quantiles
// the stage list does not carry (they cannot be skewed) and the table asks for.
const seeded = (): { appId: string } =>
  JSON.parse(readFileSync(path.join(STACK_DIR, 'seed', 'spark-history.json'), 'utf8')) as {
    appId: string;
  };

test('the stage table shows every stage’s task quantiles, the skewed one flagged with its ratio', async ({
  page,
}) => {
  const { appId } = seeded();
  await page.goto(`/apps/${appId}`);
  const rows = page.getByTestId('stage-row');
  await expect(rows).toHaveCount(6);
  // p50 / p95 / max of each stage, the 4-task ones included (read through /stages/summaries).
  const quantiles = page.getByTestId('task-quantiles');
  const duration = String.raw`(?:[\d.]+ m?s|\d+m \d+s)`;
  const three = new RegExp(`^${duration} / ${duration} / ${duration}$`);
  for (let i = 0; i < 6; i += 1) await expect(quantiles.nth(i)).toHaveText(three);
  const skewed = rows.filter({ has: page.getByTestId('flag-skew') });
  await expect(skewed).toHaveCount(1);
  await expect(skewed.getByTestId('flag-skew')).toContainText(/× the median/);
  await screenshot(page, 'stages');
});
