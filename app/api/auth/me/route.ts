import { json, route } from '@/lib/api/route';
import { topRole } from '@/lib/auth/principal';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** Who the caller is: user, groups, strongest role, the apps it covers and the auth mode. */
export const GET = route('signed-in', async (_request, _context, { principal, scope }) =>
  json({
    user: principal.user,
    groups: principal.groups,
    role: topRole(principal) ?? null,
    apps: scope.all ? ['*'] : scope.patterns,
    mode: getConfig().auth.mode,
  }),
);
