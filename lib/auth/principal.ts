import 'server-only';
import type { RoleGrant } from '@/lib/config';
import { atLeast, type AppScope, type Role } from '@/lib/domain/access';

/** Who is calling: the user, their groups and what the role map grants them. */
export interface Principal {
  user: string;
  groups: string[];
  grants: RoleGrant[];
}

/** The caller as a handler or page sees it: who, and which apps the needed role covers. */
export interface Caller {
  principal: Principal;
  scope: AppScope;
}

export function principalOf(user: string, groups: string[], roleMap: RoleGrant[]): Principal {
  const mine = new Set(groups);
  return { user, groups, grants: roleMap.filter((g) => mine.has(g.group)) };
}

/** The strongest role the principal holds anywhere (for the UI), or undefined without any. */
export function topRole(principal: Principal): Role | undefined {
  return principal.grants.reduce<Role | undefined>(
    (best, g) => (best === undefined || atLeast(g.role, best) ? g.role : best),
    undefined,
  );
}

/**
 * The apps on which the principal holds at least `role`: the union of those grants' patterns
 * (a grant without patterns covers every app); undefined when no grant is strong enough.
 */
export function scopeFor(principal: Principal, role: Role): AppScope | undefined {
  const strong = principal.grants.filter((g) => atLeast(g.role, role));
  if (!strong.length) return undefined;
  if (strong.some((g) => !g.apps)) return { all: true };
  return { all: false, patterns: [...new Set(strong.flatMap((g) => g.apps ?? []))] };
}
