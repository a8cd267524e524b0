import { readFileSync } from 'node:fs';

/** Where the signed-in admin's cookies are kept for the specs (e2e/.artifacts is not committed). */
export const ADMIN_STATE = 'e2e/.artifacts/admin.json';

/** The admin's session as a Cookie header, for requests a spec sends itself. */
export function adminCookie(): string {
  const state = JSON.parse(readFileSync(ADMIN_STATE, 'utf8')) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
