import 'server-only';
import { getConfig } from '@/lib/config';
import { normalizeAddress, PEER_HEADER } from './peer';
import { principalOf, type Principal } from './principal';
import { cookieOf, openSession, SESSION_COOKIE } from './session';

/** With AUTH_MODE=none everyone is this admin (and every page says so). */
export const ANONYMOUS: Principal = {
  user: 'anonymous',
  groups: [],
  grants: [{ group: '', role: 'admin' }],
};

const USER = /^[^\0-\x1f\x7f]{1,200}$/;

/** The caller of a request, or undefined when it proves no identity. */
export async function identify(headers: Headers): Promise<Principal | undefined> {
  const { auth } = getConfig();
  switch (auth.mode) {
    case 'none':
      return ANONYMOUS;
    case 'header': {
      // Only a listed proxy may speak for a user; anyone else could send the same headers.
      const peer = normalizeAddress(headers.get(PEER_HEADER) ?? '');
      if (!auth.header.trustedProxies.includes(peer)) return undefined;
      const user = headers.get(auth.header.user)?.trim();
      if (!user || !USER.test(user)) return undefined;
      const groups = (headers.get(auth.header.groups) ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      return principalOf(user, groups, auth.roleMap);
    }
    default: {
      const session = await openSession(cookieOf(headers.get('cookie'), SESSION_COOKIE));
      return session ? principalOf(session.sub, session.groups, auth.roleMap) : undefined;
    }
  }
}

/**
 * The signed-in user's name, or `anonymous`: what an audit line, an incident's author or the
 * per-user limiter keys on (identify() again: the session is in the request, nothing is kept).
 */
export async function userOf(request: Request): Promise<string> {
  return (await identify(request.headers))?.user ?? 'anonymous';
}
