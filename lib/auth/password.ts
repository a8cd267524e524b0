import 'server-only';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt's cost: N = 2^15 (r 8, p 1) takes ~50 ms and 32 MiB here, enough to make guessing slow.
const COST = 32768;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** `scrypt$<N>$<salt>$<hash>` (base64url), the form AUTH_LOCAL_USERS holds. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return `scrypt$${COST}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether the password matches the stored hash, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, cost, salt, hash] = stored.split('$');
  const n = Number(cost);
  if (kind !== 'scrypt' || !salt || !hash || !Number.isInteger(n) || n < 1024 || n > 1 << 20)
    return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), n);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
