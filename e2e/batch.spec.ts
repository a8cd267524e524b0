import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { screenshot } from './screens';

// A micro-batch of the Spark walk's Miaradia run (scripts/spark-demo.int.test.ts, before the
// end-to-end tests in npm test): its progress line is in Elasticsearch, its record in the History
// Server, its spans in Jaeger.
const STACK = process.env.SW_STACK_DIR || '.stack';

function streamingApp(): string {
  const last = path.join(STACK, 'spark', 'last-run');
  if (!existsSync(last))
    throw new Error(`${last} is missing: the Spark walk (npm run spark:demo) has not run here`);
  return readFileSync(path.join(readFileSync(last, 'utf8').trim(), 'app-id'), 'utf8').trim();
}

test('a micro-batch on one page: progress, SQL, jobs and stages, logs and trace, and against the batch before', async ({
  page,
}) => {
  const appId = streamingApp();
  // Batch 1: the first that reads input (batch 0 may only plan the query).
  await page.goto(`/apps/${appId}/batches/1?appName=miaradia-streaming`);
  const progress = page.getByTestId('batch-progress').first();
  await expect(progress).toContainText('input rows');
  await expect(page.getByTestId('batch-phases')).toContainText('addBatch');
  await expect(page.getByTestId('batch-sources')).toContainText(/rides|Rate|Kafka/i);
  await expect(page.getByTestId('batch-stage-row').first()).toBeVisible();
  await expect(page.getByTestId('batch-sql')).toContainText('SQL execution');
  const logs = page.getByTestId('log-row');
  await expect(logs.first()).toBeVisible();
  await expect(page.getByTestId('trace-row').first()).toContainText('batch 1');
  await screenshot(page, 'batch');

  // Two batches of the query: this one against the one before.
  await page.getByTestId('batch-compare-previous').click();
  await expect(page).toHaveURL(/[?&]vs=0(&|$)/);
  const comparison = page.getByTestId('batch-comparison');
  await expect(comparison).toContainText('Compared with batch 0');
  await expect(page.getByTestId('batch-comparison-phases')).toContainText('addBatch');
  await expect(page.getByTestId('batch-comparison-rows')).toContainText(
    /input rows [\d,]+ → [\d,]+/,
  );
  await screenshot(page, 'batch-compare');
  await expectAccessible(page);
});
