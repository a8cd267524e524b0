import { type NextRequest, NextResponse } from 'next/server';
import {
  contentSecurityPolicy,
  HSTS,
  NONCE_HEADER,
  newNonce,
  viaHttps,
} from '@/lib/edge/security-headers';

/**
 * Runs before every page: a fresh CSP nonce per request (pages render dynamically for it), the
 * policy on the response, HSTS behind https. API routes get HSTS from lib/api/route.ts and the
 * fixed headers (a CSP without scripts, nosniff, X-Frame-Options, Referrer-Policy) from
 * next.config.mjs, as static files do.
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
  // Pages only. Not the API: for a request a proxy runs on, Next.js copies the body into memory
  // (up to 10 MB, then cuts it) before the route sees it, and routes stream their bodies with a
  // cap (lib/api/body.ts). Not the build's static files and icons either.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.svg).*)'],
};
