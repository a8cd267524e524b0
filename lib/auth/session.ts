import 'server-only';
import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { getConfig, type AuthConfig } from '@/lib/config';

export const SESSION_COOKIE = 'sparkwatch_session';

const sessionClaims = z.object({
  sub: z.string().min(1).max(200),
  groups: z.array(z.string().max(200)).max(500),
  via: z.enum(['local', 'oidc']),
});
export type Session = z.infer<typeof sessionClaims>;

/** A 256-bit key for one purpose derived from SPARKWATCH_SECRET (sessions, OIDC round trips). */
function keyFor(purpose: string, secret = getConfig().auth.secret): Uint8Array {
  if (!secret) throw new Error('SPARKWATCH_SECRET is not set; sessions cannot be sealed');
  return createHash('sha256').update(`sparkwatch:${purpose}:`).update(secret).digest();
}

/** Claims sealed as a JWE (dir + A256GCM): signed and encrypted, readable by this console only. */
export async function seal(
  purpose: string,
  claims: Record<string, unknown>,
  ttlSeconds: number,
  secret?: string,
): Promise<string> {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setAudience(`sparkwatch:${purpose}`)
    .encrypt(keyFor(purpose, secret));
}

/** The claims of a sealed value, or undefined when it is forged, expired or for another purpose. */
export async function unseal(
  purpose: string,
  token: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await jwtDecrypt(token, keyFor(purpose), {
      audience: `sparkwatch:${purpose}`,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

/** A session cookie's value (`auth`: another configuration than the process's, for tests). */
export function sealSession(
  session: Session,
  auth: Pick<AuthConfig, 'secret' | 'sessionSeconds'> = getConfig().auth,
): Promise<string> {
  return seal('session', session, auth.sessionSeconds, auth.secret);
}

export async function openSession(token: string | undefined): Promise<Session | undefined> {
  if (!token || token.length > 16_384) return undefined;
  const claims = await unseal('session', token);
  const parsed = sessionClaims.safeParse(claims);
  return parsed.success ? parsed.data : undefined;
}

/** A cookie only the console's server reads: HttpOnly, SameSite=Lax, Secure behind https. */
export function cookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  const secure = getConfig().publicUrl.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** One cookie's value from a Cookie header. */
export function cookieOf(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
