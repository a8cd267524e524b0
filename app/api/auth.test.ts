import path from 'node:path';
import { filesNamed } from '@/lib/testing/files';
import { beforeEach, describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { sessionCookie, signedIn } from '@/lib/testing/session';

// Every route file under app/api, found on disk, so a new route cannot be left out: each one
// answers 401 without a session, before any backend is asked, but the few that must be public.
const ROOT = __dirname;
const PUBLIC = [
  '/api/alerts/webhook',
  '/api/auth/callback',
  '/api/auth/login',
  '/api/auth/logout',
  '/api/health',
  '/api/openapi.json',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const routeFiles = (dir: string) => filesNamed(dir, 'route.ts');
const apiPath = (file: string) =>
  `/api/${path.relative(ROOT, path.dirname(file)).split(path.sep).join('/')}`;

type Handler = (r: Request, c: unknown) => Promise<Response>;
const handlers = await Promise.all(
  routeFiles(ROOT).map(async (file) => {
    const mod = (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
    return METHODS.flatMap((method) => {
      const handler = mod[method];
      return handler ? [{ path: apiPath(file), method, handler }] : [];
    });
  }),
).then((lists) => lists.flat());

const samplePath = (p: string) =>
  p
    .replace('[appId]', 'app-20261125010400-0000')
    .replace('[traceId]', 'f4442385e6f67e7826942fa2b141cf08')
    .replace('[id]', '77451949d8bc6c9eb78442de');
const context = { params: Promise.resolve({ appId: 'app-1', traceId: 'ab', id: 'x' }) };

const replay = replayBackends();
beforeEach(() =>
  replay.answer(() => Response.json({ error: 'a backend was called' }, { status: 500 })),
);

describe('who may call the API', () => {
  const guarded = handlers.filter((h) => !PUBLIC.includes(h.path));

  it('finds the routes, and only the expected ones are public', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(12);
    expect([...new Set(handlers.map((h) => h.path))].filter((p) => PUBLIC.includes(p))).toEqual(
      expect.arrayContaining(PUBLIC),
    );
  });

  it.each(guarded.map((h) => [`${h.method} ${h.path}`, h] as const))(
    '%s answers 401 without a session, and with a forged or foreign cookie',
    async (_name, { path: p, method, handler }) => {
      const url = `http://console.test${samplePath(p)}`;
      const forged = 'sparkwatch_session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z';
      for (const cookie of [undefined, forged]) {
        const response = await handler(
          new Request(url, { method, ...(cookie ? { headers: { cookie } } : {}) }),
          context,
        );
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error: { code: 'unauthenticated', message: 'sign in first (/login)' },
        });
      }
      expect(replay.calls).toEqual([]);
    },
  );

  it('refuses a viewer the log lines and incidents (403), before any backend is asked', async () => {
    const viewer = await sessionCookie('vera', ['viewer']);
    const refused = handlers.filter((h) =>
      ['/api/logs', '/api/logs/[id]/context', '/api/incidents/resolve'].includes(h.path),
    );
    expect(refused).toHaveLength(3);
    for (const { path: p, handler } of refused) {
      const response = await handler(
        signedIn(`http://console.test${samplePath(p)}?fingerprint=40625df97d87fc29`, {}, viewer),
        context,
      );
      expect(response.status, p).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect(replay.calls).toEqual([]);
  });

  it('lets a viewer read what viewers read, and tells who is signed in', async () => {
    const viewer = await sessionCookie('vera', ['viewer']);
    const apps = handlers.find((h) => h.path === '/api/apps');
    const me = handlers.find((h) => h.path === '/api/auth/me');
    expect(
      (await apps?.handler(signedIn('http://console.test/api/apps', {}, viewer), {}))?.status,
    ).toBe(200);
    const who = await me?.handler(signedIn('http://console.test/api/auth/me', {}, viewer), {});
    expect(await who?.json()).toEqual({
      user: 'vera',
      groups: ['viewer'],
      role: 'viewer',
      apps: ['*'],
      mode: 'local',
    });
  });
});
