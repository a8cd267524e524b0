import 'server-only';
import type { Caller } from '@/lib/auth/principal';
import { PEER_HEADER } from '@/lib/auth/peer';

/**
 * Who is calling, as the key of per-caller limits: the signed-in user; without one (public
 * routes, AUTH_MODE=none) the TCP peer the console's own server saw (lib/auth/peer.ts stamps it
 * on every request, overwriting any copy a client sent), else the nearest hop of
 * `x-forwarded-for`. A client cannot choose another user's key; the global limit bounds it all.
 */
export function callerOf(request: Request, caller?: Caller): string {
  const user = caller?.principal.user;
  if (user && user !== 'anonymous') return `user:${user}`;
  const peer = request.headers.get(PEER_HEADER);
  if (peer) return `address:${peer}`;
  const forwarded = request.headers.get('x-forwarded-for') ?? '';
  const nearest = forwarded.split(',').at(-1)?.trim();
  return nearest ? `address:${nearest}` : 'address:unknown';
}
