import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';

// The realm the stack's Keycloak imports and the role map compose and Kubernetes mount must agree:
// every group of the realm grants a role, and the console's client is what the sign-in expects.
const realm = JSON.parse(readFileSync('deploy/keycloak/sparkwatch-realm.json', 'utf8')) as {
  groups: { name: string }[];
  users: { username: string; groups: string[] }[];
  clients: {
    clientId: string;
    publicClient: boolean;
    redirectUris: string[];
    attributes: Record<string, string>;
    protocolMappers: { config: Record<string, string> }[];
  }[];
};

describe('deploy/keycloak', () => {
  const { auth } = parseConfig({ AUTH_ROLE_MAP_FILE: 'deploy/keycloak/role-map.json' });

  it('maps every group of the realm to a role, through AUTH_ROLE_MAP_FILE', () => {
    expect(auth.roleMap.map((g) => g.group).sort()).toEqual(realm.groups.map((g) => g.name).sort());
    for (const user of realm.users) expect(user.groups.length, user.username).toBeGreaterThan(0);
    const roles = new Set(auth.roleMap.map((g) => `${g.role}:${g.apps?.join(',') ?? '*'}`));
    expect(roles).toContain('operator:team-a-*');
    expect(roles).toContain('viewer:team-b-*');
    expect(roles).toContain('admin:*');
  });

  it('has a public PKCE client sending group names, for the console ports the tests use', () => {
    const client = realm.clients.find((c) => c.clientId === 'sparkwatch-console');
    expect(client?.publicClient).toBe(true);
    expect(client?.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(client?.protocolMappers[0]?.config).toMatchObject({
      'claim.name': auth.oidc?.groupsClaim ?? 'groups',
      'full.path': 'false',
    });
    for (const port of [3000, 3199])
      expect(client?.redirectUris).toContain(`http://127.0.0.1:${port}/api/auth/callback`);
  });

  it('refuses an unreadable role map file by name', () => {
    expect(() => parseConfig({ AUTH_ROLE_MAP_FILE: '/nonexistent/role-map.json' })).toThrow(
      /AUTH_ROLE_MAP_FILE: cannot read/,
    );
  });
});
