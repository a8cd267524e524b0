import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, viaHttps } from './security-headers';

describe('security headers', () => {
  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('lets only nonced scripts run, eval only in development', () => {
    const policy = contentSecurityPolicy('abc=');
    expect(policy).toContain("script-src 'self' 'nonce-abc=' 'strict-dynamic'");
    expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy('abc=', true)).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it('sees https from the first proxy’s X-Forwarded-Proto, else from the URL', () => {
    const headers = (proto?: string) => new Headers(proto ? { 'x-forwarded-proto': proto } : {});
    expect(viaHttps('http://console:3000/', headers('https'))).toBe(true);
    expect(viaHttps('http://console:3000/', headers('HTTPS, http'))).toBe(true);
    expect(viaHttps('http://console:3000/', headers('http, https'))).toBe(false);
    expect(viaHttps('https://console/', headers())).toBe(true);
    expect(viaHttps('http://console/', headers())).toBe(false);
  });
});
