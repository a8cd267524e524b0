import { SESSION_COOKIE, sealSession } from '@/lib/auth/session';
import { parseConfig } from '@/lib/config';

/**
 * Signed-in requests for tests that call route handlers directly: a real sealed session cookie,
 * keyed by a test secret (set here unless the environment has one), under a role map with the
 * three roles on every app and two teams limited to their apps' names.
 */
process.env.SPARKWATCH_SECRET ??= 'sparkwatch-test-secret-0123456789abcdef';
process.env.AUTH_ROLE_MAP ??= JSON.stringify([
  { group: 'admin', role: 'admin' },
  { group: 'operator', role: 'operator' },
  { group: 'viewer', role: 'viewer' },
  { group: 'team-a-operators', role: 'operator', apps: ['team-a-*'] },
  { group: 'team-a-viewers', role: 'viewer', apps: ['team-a-*'] },
  { group: 'team-b-operators', role: 'operator', apps: ['team-b-*'] },
]);

export async function sessionCookie(user: string, groups: string[]): Promise<string> {
  // The environment as it is now: the process's configuration is left to be read by the test.
  const { auth } = parseConfig(process.env);
  return `${SESSION_COOKIE}=${await sealSession({ sub: user, groups, via: 'local' }, auth)}`;
}

export const ADMIN_COOKIE = await sessionCookie('test-admin', ['admin']);

/** A request carrying a session cookie (the admin's unless another is given). */
export function signedIn(url: string, init: RequestInit = {}, cookie = ADMIN_COOKIE): Request {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return new Request(url, { ...init, headers });
}
