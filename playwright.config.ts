import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

// The console under test: a production build started by Playwright on its own port, unless
// SPARKWATCH_URL points at one already running.
const port = Number(process.env.SPARKWATCH_E2E_PORT ?? 3100);
const baseURL = process.env.SPARKWATCH_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    // Signs in once (e2e/auth.setup.ts); the specs reuse its cookies.
    { name: 'setup', testMatch: /auth\.setup\.ts$/, use: { browserName: 'chromium' } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1440, height: 900 },
        storageState: 'e2e/.artifacts/admin.json',
      },
    },
  ],
  webServer: process.env.SPARKWATCH_URL
    ? undefined
    : {
        command: `PORT=${port} HOST=127.0.0.1 bash scripts/serve.sh`,
        url: `${baseURL}/api/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        env: { NEXT_TELEMETRY_DISABLED: '1' },
      },
});
