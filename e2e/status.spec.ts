import { expect, test } from '@playwright/test';
import { screenshot } from './screens';
import { killBackend, startBackend } from './stack';

const BACKENDS = ['prometheus', 'alertmanager', 'elasticsearch', 'jaeger', 'spark'] as const;

test.describe('Status page', () => {
  test('shows every backend healthy with the version its API reports', async ({ page }) => {
    await page.goto('/status');
    for (const name of BACKENDS) {
      const card = page.getByTestId(`backend-${name}`);
      await expect(card).toContainText('healthy');
      await expect(page.getByTestId(`version-${name}`)).toHaveText(/\d+\.\d+\.\d+/);
    }
    await screenshot(page, 'status-healthy');
  });

  test('a killed backend shows as down with its reason while the others stay healthy', async ({
    page,
    request,
  }) => {
    killBackend('prometheus');
    try {
      const health = await request.get('/api/health');
      expect(health.status()).toBe(200);
      const body = (await health.json()) as {
        down: string[];
        sources: Record<string, { state: string; error?: { message: string } }>;
      };
      expect(body.down).toEqual(['prometheus']);
      expect(body.sources.prometheus?.error?.message).toMatch(/unreachable/);

      await page.goto('/status');
      const card = page.getByTestId('backend-prometheus');
      await expect(card).toContainText('down');
      await expect(page.getByTestId('source-error-prometheus')).toContainText('unreachable');
      for (const name of BACKENDS.filter((b) => b !== 'prometheus')) {
        await expect(page.getByTestId(`backend-${name}`)).toContainText('healthy');
      }
      await screenshot(page, 'status-prometheus-down');
    } finally {
      startBackend('prometheus');
    }
    await page.reload();
    await expect(page.getByTestId('backend-prometheus')).toContainText('healthy');
  });
});
