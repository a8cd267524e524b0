import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role } from '@/lib/domain/access';
import { identify } from './identify';
import { scopeFor, type Caller } from './principal';

/** A path of this console to come back to after signing in (never another site). */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

/** The signed-in caller of a page, or undefined (no redirect): for the layout's user menu. */
export async function currentPrincipal() {
  return identify(await headers());
}

/**
 * The caller of a server page holding `role`: without a session the page redirects to /login
 * (and back to `path` afterwards); with a weaker role to /login with the refusal explained.
 */
export async function requireSession(path: string, role: Role = 'viewer'): Promise<Caller> {
  const principal = await identify(await headers());
  const next = encodeURIComponent(safeNext(path));
  if (!principal) redirect(`/login?next=${next}`);
  const scope = scopeFor(principal, role);
  if (!scope) redirect(`/login?next=${next}&denied=${role}`);
  return { principal, scope };
}
