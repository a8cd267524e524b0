import { type NextRequest, NextResponse } from 'next/server';
import {
  contentSecurityPolicy,
  HSTS,
  NONCE_HEADER,
  newNonce,
  viaHttps,
} from '@/lib/edge/security-headers';

/**
 * Runs before every page and API route: a fresh CSP nonce per request (pages render dynamically
 * for it), the policy on the response, HSTS behind https. The other fixed headers (nosniff,
 * X-Frame-Options, Referrer-Policy) are in next.config.mjs, for static files too.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  if (viaHttps(request.url, request.headers))
    response.headers.set('strict-transport-security', HSTS);
  return response;
}

export const config = {
  // Not the build's static files and icons: they carry next.config.mjs's headers only. Not the
  // webhook either: for a request it runs on, Next.js copies the body into memory (up to 10 MB,
  // then cuts it) before the route sees it, and the webhook streams its body with a 1 MiB cap.
  matcher: ['/((?!_next/static|_next/image|favicon.svg|api/alerts/webhook).*)'],
};
