import 'server-only';
import type { Caller } from '@/lib/auth/principal';
import type { Actor } from '@/lib/correlate/incidents';

/**
 * Who is making a request, as the incidents see it: the signed-in user's name (recorded in their
 * history) and the apps the caller may see (an incident is visible only with its app).
 */
export function actorOf(caller: Caller): Actor {
  return { user: caller.principal.user, scope: caller.scope };
}
