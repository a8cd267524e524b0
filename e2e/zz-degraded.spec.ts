import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { scenario } from './scenario';
import { screenshot } from './screens';
import { killBackend, startBackend } from './stack';

const sc = scenario();

// Runs last: Jaeger keeps traces in memory, so after it comes back the seed re-sends them.
test('with Jaeger down the trace panel says so while logs and metrics render', async ({ page }) => {
  killBackend('jaeger');
  try {
    await page.goto(
      `/incident?appId=${sc.streaming.appId}&from=${sc.window.to - 30 * 60_000}&to=${sc.window.to}&level=ERROR`,
    );
    await expect(page.getByTestId('trace-panel').getByTestId('source-error-jaeger')).toContainText(
      'unreachable',
    );
    await expect(page.getByTestId('lane-rates')).toBeVisible();
    await expect(page.getByTestId('log-row').filter({ hasText: 'Lost executor' })).toHaveCount(1);
    await screenshot(page, 'incident-jaeger-down');
  } finally {
    startBackend('jaeger');
    execFileSync('npx', ['tsx', 'scripts/seed/main.ts'], { stdio: 'inherit', timeout: 300_000 });
  }
});
