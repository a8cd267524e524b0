import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { checkLocalAccount } from '@/lib/auth/local';
import { OIDC_COOKIE, roundTripSeconds, startSignIn } from '@/lib/auth/oidc';
import { safeNext } from '@/lib/auth/pages';
import { cookieHeader, SESSION_COOKIE, sealSession } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { BadRequestError } from '@/lib/domain/errors';

export const dynamic = 'force-dynamic';

const MAX_FORM_BYTES = 8 * 1024;

const see = (location: string, cookie?: string) =>
  new NextResponse(null, {
    status: 303,
    headers: { location, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) },
  });

/** The login form's fields (urlencoded, as the /login page posts them), size-capped. */
async function formOf(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new BadRequestError('content-type', 'must be application/x-www-form-urlencoded', 415);
  // A declared size over the cap is refused unread (the /login form sends a few hundred bytes).
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES)
    throw new BadRequestError('body', 'larger than 8 KiB', 413);
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) throw new BadRequestError('body', 'larger than 8 KiB', 413);
  return new URLSearchParams(text);
}

/** Local sign-in: the /login form posts here; a session cookie and back to where the user was. */
export const POST = route('public', async (request) => {
  const { auth } = getConfig();
  if (auth.mode !== 'local')
    throw new BadRequestError('mode', `local accounts are off (AUTH_MODE=${auth.mode})`, 404);
  const form = await formOf(request);
  const username = form.get('username') ?? '';
  const next = safeNext(form.get('next'));
  const account = await checkLocalAccount(username, form.get('password') ?? '');
  if (!account) {
    audit({ action: 'auth.login', user: username.slice(0, 100), outcome: 'denied' });
    return see(`/login?error=credentials&next=${encodeURIComponent(next)}`);
  }
  audit({ action: 'auth.login', user: account.user, outcome: 'ok', detail: { via: 'local' } });
  const token = await sealSession({ sub: account.user, groups: account.groups, via: 'local' });
  return see(next, cookieHeader(SESSION_COOKIE, token, auth.sessionSeconds));
});

/** OIDC sign-in: off to the provider with PKCE, state and nonce sealed in a short cookie. */
export const GET = route('public', async (request) => {
  const { auth } = getConfig();
  if (auth.mode !== 'oidc')
    throw new BadRequestError('mode', `OIDC sign-in is off (AUTH_MODE=${auth.mode})`, 404);
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  const { url, cookie } = await startSignIn(next);
  return see(url.href, cookieHeader(OIDC_COOKIE, cookie, roundTripSeconds));
});
