import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { cookieHeader, SESSION_COOKIE } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** Signs out: the session cookie is cleared (sessions live in the cookie alone) and to /login. */
export const POST = route('public', async (_request, _context, { principal }) => {
  audit({ action: 'auth.logout', user: principal.user, outcome: 'ok' });
  return new NextResponse(null, {
    status: 303,
    headers: {
      location: '/login',
      'set-cookie': cookieHeader(SESSION_COOKIE, '', 0),
      'cache-control': 'no-store',
    },
  });
});
