import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { freePort, startConsole, type Console } from './console';
import { investigateStreamingAlert, scenario } from './scenario';
import { screenshot } from './screens';

// Signing in through a real identity provider: a console of this build in AUTH_MODE=oidc against
// the stack's Keycloak (realm deploy/keycloak: users on the platform and two teams), on a port the
// realm's client lists as a redirect URI. Users sign in on Keycloak's own login page.
const sc = scenario();
const KEYCLOAK = `http://127.0.0.1:${process.env.SW_KEYCLOAK_PORT ?? 8180}`;
const PORT = Number(process.env.SPARKWATCH_E2E_OIDC_PORT ?? 3199);
const PASSWORD = 'sparkwatch-demo';

let oidc: Console;
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  oidc = await startConsole(PORT, {
    AUTH_MODE: 'oidc',
    AUTH_OIDC_ISSUER: `${KEYCLOAK}/realms/sparkwatch`,
    AUTH_OIDC_CLIENT_ID: 'sparkwatch-console',
    AUTH_OIDC_NAME: 'Keycloak',
    AUTH_ROLE_MAP: readFileSync('deploy/keycloak/role-map.json', 'utf8'),
    CONSOLE_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  });
});
test.afterAll(async () => {
  await oidc?.stop();
});

/** From a console page to Keycloak's login form and back, signed in as `user`. */
async function signIn(page: Page, path: string, user: string) {
  await page.goto(`${oidc.url}${path}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path)}`));
  await screenshot(page, 'login-oidc');
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await expect(page).toHaveURL(
    new RegExp(`^${KEYCLOAK}/realms/sparkwatch/protocol/openid-connect/auth`),
  );
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#kc-login').click();
  await expect(page).toHaveURL(new RegExp(`^${oidc.url}${path}`));
}

test('an operator signs in at Keycloak and walks from the alert to the incident and its logs', async ({
  page,
}) => {
  await signIn(page, '/alerts', 'olivia');
  await expect(page.getByTestId('nav-user')).toHaveText('olivia · operator');
  await investigateStreamingAlert(page, sc);
  await expect(page).toHaveURL(new RegExp(`/incident\\?.*appId=${sc.streaming.appId}`));
  await expect(
    page
      .getByTestId('log-panel')
      .getByTestId('log-row')
      .filter({ hasText: `Lost executor ${sc.incident.lostExecutorId} on` }),
  ).toHaveCount(1);
  await page.goto(`${oidc.url}/logs`);
  await expect(page).toHaveURL(/\/logs\?/);
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  const me = await page.request.get(`${oidc.url}/api/auth/me`);
  expect(await me.json()).toMatchObject({ user: 'olivia', role: 'operator', mode: 'oidc' });
});

test('a viewer signs in and is refused the logs, on the page and in the API', async ({ page }) => {
  await signIn(page, '/', 'victor');
  await expect(page.getByTestId('nav-user')).toHaveText('victor · viewer');
  await expect(page.getByTestId('app-row').first()).toBeVisible();
  await page.goto(`${oidc.url}/logs`);
  await expect(page).toHaveURL(/\/login\?next=%2Flogs&denied=operator$/);
  await expect(page.getByTestId('login-denied')).toContainText('Signed in as victor');
  await screenshot(page, 'login-denied');
  const logs = await page.request.get(`${oidc.url}/api/logs?appId=${sc.streaming.appId}`);
  expect(logs.status()).toBe(403);
  // The app page is a viewer's; its log panel says why it stays empty.
  await page.goto(
    `${oidc.url}/apps/${sc.streaming.appId}?from=${sc.window.from}&to=${sc.window.to}`,
  );
  await expect(page.getByTestId('lane-rates')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('log-panel')).toContainText('operator');
  await screenshot(page, 'app-as-viewer');
});

test("a team's operator sees none of the platform's apps", async ({ page }) => {
  await signIn(page, '/', 'alice');
  await expect(page.getByTestId('nav-user')).toHaveText('alice · operator');
  await expect(page.getByTestId('apps-card')).toContainText('No Spark application');
  const timeline = await page.request.get(`${oidc.url}/api/apps/${sc.streaming.appId}/timeline`);
  expect(timeline.status()).toBe(404);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, '/status', 'ada');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get(`${oidc.url}/api/auth/me`)).status()).toBe(401);
});

test('with AUTH_MODE=none every page says that nobody is asked', async ({ page }) => {
  const open = await startConsole(await freePort(), { AUTH_MODE: 'none' });
  try {
    for (const path of ['/', '/logs']) {
      await page.goto(`${open.url}${path}`);
      await expect(page.getByTestId('auth-off-banner')).toContainText('Authentication is off');
    }
    await screenshot(page, 'auth-off-banner');
  } finally {
    await open.stop();
  }
});
