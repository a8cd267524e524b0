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

type Search = Record<string, string | string[] | undefined>;

/** `path?query` of a page, from its search params (so signing in returns to the same view). */
function withQuery(path: string, search: Search | undefined): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search ?? {}))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(key, v);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The caller of a server page holding `role`: without a session the page redirects to /login
 * (and back to `path` with its `search` afterwards); with a weaker role to /login with the
 * refusal explained.
 */
export async function requireSession(
  path: string,
  role: Role = 'viewer',
  search?: Search,
): Promise<Caller> {
  const principal = await identify(await headers());
  const next = encodeURIComponent(safeNext(withQuery(path, search)));
  if (!principal) redirect(`/login?next=${next}`);
  const scope = scopeFor(principal, role);
  if (!scope) redirect(`/login?next=${next}&denied=${role}`);
  return { principal, scope };
}
