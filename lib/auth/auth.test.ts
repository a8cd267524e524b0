import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowsApp, patternsRegex } from '@/lib/domain/access';
import { buildLogQuery } from '@/lib/sources/elasticsearch/logs';
import { selector } from '@/lib/sources/prometheus/promql';

const SECRET = 'unit-test-secret-0123456789abcdef0123';

/** The auth modules over a fresh configuration read from `env`. */
async function withEnv(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return {
    identify: (await import('./identify')).identify,
    session: await import('./session'),
    principal: await import('./principal'),
    password: await import('./password'),
  };
}
afterEach(() => vi.unstubAllEnvs());

describe('local accounts', () => {
  it('hashes with scrypt and accepts only the right password', async () => {
    const { password } = await withEnv({});
    const hash = await password.hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$[\w-]+\$[\w-]+$/);
    expect(await password.verifyPassword('correct horse', hash)).toBe(true);
    expect(await password.verifyPassword('correct horsE', hash)).toBe(false);
    expect(await password.verifyPassword('correct horse', 'plain-text')).toBe(false);
  });
});

describe('session cookies', () => {
  it('open only when sealed with the same secret, untouched and unexpired', async () => {
    const { session, identify } = await withEnv({ SPARKWATCH_SECRET: SECRET });
    const token = await session.sealSession({ sub: 'ana', groups: ['operator'], via: 'local' });
    expect(token.split('.')).toHaveLength(5); // a compact JWE: encrypted, not just signed
    expect(token).not.toContain('ana');
    const cookie = (t: string) => new Headers({ cookie: `x=1; sparkwatch_session=${t}` });
    expect((await identify(cookie(token)))?.user).toBe('ana');
    const flipped = token.slice(0, -3) + (token.endsWith('A') ? 'BBB' : 'AAA');
    expect(await identify(cookie(flipped))).toBeUndefined();
    const other = await session.sealSession(
      { sub: 'ana', groups: ['admin'], via: 'local' },
      { secret: 'another-secret-0123456789abcdef0123456', sessionSeconds: 60 },
    );
    expect(await identify(cookie(other))).toBeUndefined();
    const expired = await session.seal('session', { sub: 'ana', groups: [], via: 'local' }, -10);
    expect(await identify(cookie(expired))).toBeUndefined();
    // A sealed value for another purpose (the OIDC round trip) is no session.
    const oidc = await session.seal('oidc', { sub: 'ana', groups: ['admin'], via: 'local' }, 60);
    expect(await identify(cookie(oidc))).toBeUndefined();
  });
});

describe('roles and app scopes', () => {
  it('maps groups to roles, each limited to its app patterns', async () => {
    const { principal } = await withEnv({});
    const map = [
      { group: 'a-ops', role: 'operator' as const, apps: ['team-a-*'] },
      { group: 'b-view', role: 'viewer' as const, apps: ['team-b-*', 'shared'] },
      { group: 'admins', role: 'admin' as const },
    ];
    const p = principal.principalOf('ana', ['a-ops', 'b-view', 'other'], map);
    expect(principal.topRole(p)).toBe('operator');
    expect(principal.scopeFor(p, 'viewer')).toEqual({
      all: false,
      patterns: ['team-a-*', 'team-b-*', 'shared'],
    });
    expect(principal.scopeFor(p, 'operator')).toEqual({ all: false, patterns: ['team-a-*'] });
    expect(principal.scopeFor(p, 'admin')).toBeUndefined();
    expect(principal.scopeFor(principal.principalOf('root', ['admins'], map), 'operator')).toEqual({
      all: true,
    });
  });

  it('matches app names whole, with * as the only wildcard', () => {
    const scope = { all: false as const, patterns: ['team-a-*', 'x.y'] };
    expect(allowsApp(scope, 'team-a-etl')).toBe(true);
    expect(allowsApp(scope, 'team-b-etl')).toBe(false);
    expect(allowsApp(scope, 'my-team-a-etl')).toBe(false);
    expect(allowsApp(scope, 'xzy')).toBe(false);
    expect(allowsApp(scope, undefined)).toBe(false);
    expect(allowsApp({ all: true }, undefined)).toBe(true);
    expect(patternsRegex(['team-a-*', 'x.y'])).toBe('team\\-a\\-.*|x\\.y');
    expect(patternsRegex([])).toBe('$^');
  });

  it('constrains Prometheus selectors and Elasticsearch queries structurally', () => {
    expect(selector('up', { app_name: { re: patternsRegex(['team-a-*']) } })).toBe(
      'up{app_name=~"team\\\\-a\\\\-.*"}',
    );
    const query = buildLogQuery({ from: 1, to: 2, appNames: ['team-a-*'] });
    expect(query.bool.filter).toContainEqual({
      bool: { should: [{ wildcard: { appName: { value: 'team-a-*' } } }], minimum_should_match: 1 },
    });
    // No patterns match nothing rather than everything.
    expect(buildLogQuery({ from: 1, to: 2, appNames: [] }).bool.filter).toContainEqual({
      bool: { should: [], minimum_should_match: 1 },
    });
  });
});

describe('trusted-header mode', () => {
  const env = {
    AUTH_MODE: 'header',
    AUTH_TRUSTED_PROXIES: '10.0.0.5, ::1',
    AUTH_ROLE_MAP: JSON.stringify([{ group: 'ops', role: 'operator', apps: ['team-a-*'] }]),
  };

  it('believes the user and groups headers from a listed proxy only', async () => {
    const { identify } = await withEnv(env);
    const from = (peer: string | undefined) =>
      new Headers({
        'x-forwarded-user': 'ana',
        'x-forwarded-groups': 'ops, other',
        ...(peer ? { 'x-sparkwatch-peer': peer } : {}),
      });
    expect(await identify(from('10.0.0.5'))).toMatchObject({
      user: 'ana',
      groups: ['ops', 'other'],
      grants: [{ group: 'ops', role: 'operator' }],
    });
    expect((await identify(from('::ffff:10.0.0.5')))?.user).toBe('ana');
    expect(await identify(from('10.0.0.6'))).toBeUndefined();
    expect(await identify(from(undefined))).toBeUndefined();
  });

  it('refuses to start without a proxy list, or with something else than addresses', async () => {
    const { parseConfig } = await import('@/lib/config');
    expect(() => parseConfig({ AUTH_MODE: 'header' })).toThrow(/AUTH_TRUSTED_PROXIES/);
    expect(() => parseConfig({ AUTH_MODE: 'header', AUTH_TRUSTED_PROXIES: 'proxy.local' })).toThrow(
      /not an IP address/,
    );
    expect(() => parseConfig({ AUTH_MODE: 'oidc' })).toThrow(/AUTH_OIDC_ISSUER/);
    expect(() => parseConfig({ SPARKWATCH_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => parseConfig({ AUTH_MODE: 'nobody' })).toThrow(/AUTH_MODE must be/);
    expect(() => parseConfig({ AUTH_ROLE_MAP: '[{"group":"g","role":"root"}]' })).toThrow(
      /AUTH_ROLE_MAP/,
    );
    expect(parseConfig({}).auth.mode).toBe('local');
  });
});

describe('AUTH_MODE=none', () => {
  it('is an admin on every app, and only when asked for', async () => {
    const { identify, principal } = await withEnv({ AUTH_MODE: 'none' });
    const anyone = await identify(new Headers());
    expect(anyone?.user).toBe('anonymous');
    expect(anyone && principal.scopeFor(anyone, 'admin')).toEqual({ all: true });
    const local = await withEnv({ AUTH_MODE: 'local', SPARKWATCH_SECRET: SECRET });
    expect(await local.identify(new Headers())).toBeUndefined();
    const { userOf } = await import('./identify');
    expect(await userOf(new Request('http://console.test/'))).toBe('anonymous');
    const token = await local.session.sealSession({ sub: 'ana', groups: [], via: 'local' });
    const signed = new Request('http://console.test/', {
      headers: { cookie: `sparkwatch_session=${token}` },
    });
    expect(await userOf(signed)).toBe('ana');
  });
});
