import type { Page } from '@playwright/test';

/** Full-page screenshots are test artifacts (git-ignored), kept for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/.artifacts/${name}.png`, fullPage: true });
}
