/**
 * The headers every page and API answer carries (issue 16, "edge"): a Content-Security-Policy
 * whose scripts must carry this request's nonce (Next.js puts it on its own scripts when the
 * request's CSP header names it; app/layout.tsx reads it for the theme script), and HSTS when the
 * console is reached over https (directly or, as usual, through a proxy that says so in
 * X-Forwarded-Proto). Pure functions, so proxy.ts stays a few lines and this can be tested alone.
 */

export const NONCE_HEADER = 'x-nonce';

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * `strict-dynamic`: scripts the nonced ones load (Next's chunks) run too; nothing inline without
 * the nonce. Styles allow inline attributes (charts and layout set them); no eval outside dev.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const HSTS = 'max-age=63072000; includeSubDomains';

/** Whether the browser reached the console over https (the first proxy's view counts). */
export function viaHttps(url: string, headers: Headers): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded ? forwarded === 'https' : url.startsWith('https:');
}
