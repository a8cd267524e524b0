import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { screenshot } from './screens';
import { ADMIN_STATE } from './session';

// The specs drive a console that asks who is calling: they run as the local admin that
// scripts/serve.sh generated (its password in the stack directory), signed in through /login.
setup('sign in as the local admin', async ({ page }) => {
  const stack = process.env.SW_STACK_DIR ?? '.stack';
  const password =
    process.env.E2E_ADMIN_PASSWORD ??
    readFileSync(path.join(stack, 'auth', 'admin-password'), 'utf8').trim();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await screenshot(page, 'login-local');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('nav-user')).toHaveText('admin · admin');
  await page.context().storageState({ path: ADMIN_STATE });
});
