import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { callbackUrl, finishSignIn, OIDC_COOKIE } from '@/lib/auth/oidc';
import { cookieHeader, cookieOf, SESSION_COOKIE, sealSession } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/**
 * Where the OIDC provider sends the browser back: the code is exchanged (PKCE, state, nonce
 * checked) and the user gets a session cookie. Any failure lands on /login with a reason.
 */
export const GET = route('public', async (request) => {
  const { auth } = getConfig();
  const search = new URL(request.url).search;
  // The redirect URI the provider knows is the public one, whatever host the proxy forwarded.
  const current = new URL(`${callbackUrl()}${search}`);
  const clear = cookieHeader(OIDC_COOKIE, '', 0);
  try {
    const signedIn = await finishSignIn(
      current,
      cookieOf(request.headers.get('cookie'), OIDC_COOKIE),
    );
    audit({ action: 'auth.login', user: signedIn.user, outcome: 'ok', detail: { via: 'oidc' } });
    const token = await sealSession({ sub: signedIn.user, groups: signedIn.groups, via: 'oidc' });
    const response = new NextResponse(null, {
      status: 303,
      headers: { location: signedIn.next, 'cache-control': 'no-store' },
    });
    response.headers.append('set-cookie', clear);
    response.headers.append('set-cookie', cookieHeader(SESSION_COOKIE, token, auth.sessionSeconds));
    return response;
  } catch (error) {
    console.error('OIDC sign-in failed:', error);
    audit({ action: 'auth.login', user: 'unknown', outcome: 'failed', detail: { via: 'oidc' } });
    return new NextResponse(null, {
      status: 303,
      headers: { location: '/login?error=oidc', 'set-cookie': clear, 'cache-control': 'no-store' },
    });
  }
});
