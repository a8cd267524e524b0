/**
 * How Sparkwatch starts a browser, for the end-to-end tests (playwright.config.ts) and the UI
 * benchmark (scripts/bench-ui.ts): Debian's Chromium, headless, without the background traffic
 * that a closed network refuses. Playwright never downloads a browser of its own here.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
};
