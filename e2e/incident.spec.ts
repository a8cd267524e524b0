import { expect, test } from '@playwright/test';
import { ADMIN_STATE } from './session';
import { investigateStreamingAlert, scenario } from './scenario';
import { screenshot } from './screens';

const sc = scenario();

test.describe('From an alert to the evidence', () => {
  test('Investigate StreamingNoInput shows the executor-lost line and the traces of the window', async ({
    page,
  }) => {
    await page.goto('/alerts');
    await screenshot(page, 'alerts');
    const row = page
      .getByTestId('alert-row')
      .filter({ hasText: 'StreamingNoInput' })
      .filter({ hasText: sc.streaming.appId });
    await row.getByTestId('investigate').click();
    await expect(page).toHaveURL(new RegExp(`/incident\\?.*appId=${sc.streaming.appId}`));
    await expect(page.getByTestId('incident-alert')).toContainText('StreamingNoInput');
    const logs = page.getByTestId('log-panel');
    await expect(
      logs
        .getByTestId('log-row')
        .filter({ hasText: `Lost executor ${sc.incident.lostExecutorId} on` }),
    ).toHaveCount(1);
    await expect(page.getByTestId('trace-panel').getByTestId('trace-row').first()).toBeVisible();
    await expect(page.getByTestId('lane-rates')).toBeVisible();
    await expect(page.getByTestId('executor-events')).toContainText(
      `executor ${sc.incident.lostExecutorId} lost`,
    );
    await screenshot(page, 'incident');
  });

  test('a copied incident link opens the same view in a fresh browser', async ({
    page,
    browser,
  }) => {
    await page.goto('/alerts');
    await investigateStreamingAlert(page, sc);
    await expect(page.getByTestId('incident-alert')).toBeVisible();
    await page.getByRole('button', { name: 'INFO' }).click();
    await expect(page).toHaveURL(/level=ERROR%2CWARN%2CINFO|level=ERROR,WARN,INFO/);
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('copied-link').inputValue();
    const view = page.getByTestId('investigation');
    const expected = {
      app: await view.getAttribute('data-app-id'),
      from: await view.getAttribute('data-from'),
      to: await view.getAttribute('data-to'),
    };
    expect(link).toContain(`from=${expected.from}`);
    expect(link).toContain(`to=${expected.to}`);
    const firstLine = (await page.getByTestId('log-row').first().getAttribute('id')) ?? '';

    // A colleague's browser: signed in, nothing else shared.
    const fresh = await browser.newContext({ storageState: ADMIN_STATE });
    const other = await fresh.newPage();
    await other.goto(link);
    const again = other.getByTestId('investigation');
    await expect(again).toHaveAttribute('data-app-id', expected.app ?? '');
    await expect(again).toHaveAttribute('data-from', expected.from ?? '');
    await expect(again).toHaveAttribute('data-to', expected.to ?? '');
    await expect(other.getByRole('heading', { level: 1 })).toContainText(sc.streaming.appName);
    await expect(other.getByRole('button', { name: 'INFO' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(other.getByTestId('log-row').first()).toHaveAttribute('id', firstLine);
    await expect(other.getByTestId('trace-panel').getByTestId('trace-row').first()).toBeVisible();
    await fresh.close();
  });

  test('the app timeline: clicking a batch filters logs and traces to it', async ({ page }) => {
    await page.goto(
      `/apps/${sc.streaming.appId}?from=${sc.incident.executorLostAt - 10 * 60_000}&to=${sc.window.to}`,
    );
    await expect(page.getByTestId('batch-lane')).toBeVisible();
    await page.getByTestId('batch-lane').locator('circle').last().click();
    await expect(page).toHaveURL(/batchId=\d+/);
    await expect(page.getByTestId('filter-batchId')).toBeVisible();
    await expect(page.getByTestId('trace-panel').getByTestId('trace-row')).toHaveCount(1);
    await screenshot(page, 'app-timeline');
  });
});

test.describe('Logs and traces', () => {
  test('from a log line with a trace id open the trace, and from a span open its logs', async ({
    page,
  }) => {
    await page.goto(
      `/logs?appId=${sc.streaming.appId}&from=${sc.window.from}&to=${sc.window.to}&q=Finished`,
    );
    await screenshot(page, 'logs');
    const link = page.getByTestId('log-trace-link').first();
    const href = await link.getAttribute('href');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByTestId('waterfall')).toBeVisible();
    await screenshot(page, 'trace');

    const stage = page
      .getByTestId('span-row')
      .filter({ hasText: /^stage \d+/ })
      .first();
    const name = (await stage.getAttribute('data-span-name')) ?? '';
    const stageId = /stage (\d+)/.exec(name)?.[1];
    await stage.click();
    await expect(page.getByTestId('span-attributes')).toContainText(`spark.stage.id${stageId}`);
    const logs = page.getByTestId('trace-logs');
    await expect(logs).toContainText(`Logs of stage ${stageId} in this trace`);
    await expect(logs.getByTestId('log-row').first()).toContainText(`st ${stageId}`);
  });

  test('the logs list is keyboard navigable and opens context lines of the same executor', async ({
    page,
  }) => {
    await page.goto(
      `/logs?appId=${sc.streaming.appId}&from=${sc.window.from}&to=${sc.window.to}&level=ERROR`,
    );
    const list = page.getByTestId('log-list');
    await list.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('log-context')).toContainText('executor');
  });

  test('overview and traces pages list the seeded apps', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('app-row').filter({ hasText: sc.streaming.appId })).toBeVisible();
    await screenshot(page, 'overview');
    await page.goto(
      `/traces?appId=${sc.streaming.appId}&from=${sc.window.from}&to=${sc.window.to}`,
    );
    await expect(page.getByTestId('trace-row').first()).toBeVisible();
    await screenshot(page, 'traces');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => localStorage.setItem('sparkwatch-theme', 'dark'));
    await page.goto(
      `/incident?appId=${sc.streaming.appId}&from=${sc.window.to - 30 * 60_000}&to=${sc.window.to}`,
    );
    await expect(page.getByTestId('lane-rates')).toBeVisible();
    // A link with only the app id (a rule's console_url) still names the app.
    await expect(page.getByRole('heading', { level: 1 })).toContainText(sc.streaming.appName);
    await screenshot(page, 'incident-dark');
  });
});
