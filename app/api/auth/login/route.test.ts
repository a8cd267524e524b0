import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Local sign-in through the route, as the /login form posts it: a sealed session cookie for the
// right password, back to /login otherwise, and never a redirect off this console.
type Post = (r: Request, c: unknown) => Promise<Response>;
let POST: Post;
let identify: (h: Headers) => Promise<{ user: string } | undefined>;

beforeAll(async () => {
  vi.resetModules();
  const { hashPassword } = await import('@/lib/auth/password');
  vi.stubEnv('AUTH_MODE', 'local');
  vi.stubEnv('SPARKWATCH_SECRET', 'login-route-test-secret-0123456789abcdef');
  vi.stubEnv(
    'AUTH_LOCAL_USERS',
    JSON.stringify([
      { username: 'ana', passwordHash: await hashPassword('s3cret pass'), groups: ['operator'] },
    ]),
  );
  ({ POST } = (await import('./route')) as unknown as { POST: Post });
  ({ identify } = await import('@/lib/auth/identify'));
});
afterAll(() => vi.unstubAllEnvs());

const form = (fields: Record<string, string>, type = 'application/x-www-form-urlencoded') =>
  new Request('http://console.test/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new URLSearchParams(fields).toString(),
  });

describe('POST /api/auth/login', () => {
  it('signs in with the right password: a session cookie the console reads back', async () => {
    const response = await POST(
      form({ username: 'ana', password: 's3cret pass', next: '/logs?appId=x' }),
      {},
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/logs?appId=x');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^sparkwatch_session=[\w.-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/,
    );
    const who = await identify(new Headers({ cookie: cookie.split(';')[0] ?? '' }));
    expect(who?.user).toBe('ana');
  });

  it('sends a wrong password or an unknown user back to /login, without a cookie', async () => {
    for (const fields of [
      { username: 'ana', password: 'guess' },
      { username: 'nobody', password: 's3cret pass' },
    ]) {
      const response = await POST(form({ ...fields, next: '/logs' }), {});
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login?error=credentials&next=%2Flogs');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('never sends the browser to another site afterwards', async () => {
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'logs']) {
      const response = await POST(form({ username: 'ana', password: 's3cret pass', next }), {});
      expect(response.headers.get('location'), next).toBe('/');
    }
  });

  it('takes the form encoding only, and small bodies', async () => {
    expect((await POST(form({ username: 'ana' }, 'application/json'), {})).status).toBe(415);
    const big = await POST(form({ username: 'ana', password: 'x'.repeat(10_000) }), {});
    expect(big.status).toBe(413);
  });
});
