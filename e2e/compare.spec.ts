import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { screenshot } from './screens';

// The two revenue-nightly runs of the Spark walk (scripts/spark-demo.int.test.ts, which npm test
// runs before the end-to-end tests): the base, and the second with spark.sql.shuffle.partitions
// changed and a hot key. SPARKWATCH_E2E_RUNS=<hot app id>,<base app id> names two others.
const STACK = process.env.SW_STACK_DIR || '.stack';

function runs(): { hot: string; base: string } {
  const named = process.env.SPARKWATCH_E2E_RUNS?.split(',');
  if (named?.length === 2 && named[0] && named[1]) return { hot: named[0], base: named[1] };
  const last = path.join(STACK, 'spark', 'last-run');
  if (!existsSync(last))
    throw new Error(`${last} is missing: the Spark walk (npm run spark:demo) has not run here`);
  const run = readFileSync(last, 'utf8').trim();
  const id = (dir: string) => readFileSync(path.join(run, dir, 'app-id'), 'utf8').trim();
  return { hot: id('revenue-hot'), base: id('revenue') };
}

test('the comparison of two real runs: changed property, regressed skewed stage first, one click to its executor’s logs', async ({
  page,
  request,
}) => {
  const { hot, base } = runs();
  // The History Server must still hold both runs when the end-to-end tests come.
  const listed = await request.get(`/api/apps/${hot}/runs`);
  expect(listed.ok()).toBe(true);
  const answer = (await listed.json()) as {
    data: { previous?: { appId: string }; runs: { appId: string }[] };
  };
  expect(answer.data.previous?.appId, 'the History Server lists the base run').toBe(base);

  await page.goto(`/apps/${hot}`);
  await page.getByTestId('compare-previous').click();
  await expect(page).toHaveURL(new RegExp(`/apps/${hot}/compare/${base}$`));

  const property = page.locator(
    '[data-testid="property-row"][data-key="spark.sql.shuffle.partitions"]',
  );
  await expect(property).toContainText('8');
  await expect(property).toContainText('16');

  const first = page.getByTestId('delta-row').first();
  await expect(first).toContainText('moving average price per city');
  await expect(first.getByTestId('delta-duration')).toHaveText(/^\+/);
  await expect(first.getByTestId('flag-skew')).toContainText(
    /skew: slowest task .+ = \d+(\.\d)?× the median/,
  );
  await screenshot(page, 'compare');
  await expectAccessible(page);

  const logs = first.getByTestId('slowest-executor-logs');
  const executor = /logs of executor (\S+)/.exec((await logs.textContent()) ?? '')?.[1];
  expect(executor).toMatch(/^\d+$/);
  await logs.click();
  await expect(page).toHaveURL(/\/logs\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('appId')).toBe(hot);
  expect(url.searchParams.get('executorId')).toBe(executor);
  const rows = page.getByTestId('log-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(`exec ${executor}`);
  await screenshot(page, 'compare-executor-logs');
});
