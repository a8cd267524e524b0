import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getConfig } from '@/lib/config';

/**
 * Tokens the console hands out and takes back unchanged (log cursors): the payload, a dot, and an
 * HMAC-SHA256 of it keyed by SPARKWATCH_SECRET, both base64url. What a client forges or edits
 * fails verification before any of it is used.
 */
const mac = (purpose: string, payload: string) =>
  createHmac('sha256', getConfig().secret.key).update(`${purpose}\n${payload}`).digest();

/** `purpose` keeps a token of one kind from being accepted as another. */
export function sign(purpose: string, payload: string): string {
  const body = Buffer.from(payload, 'utf8').toString('base64url');
  return `${body}.${mac(purpose, body).toString('base64url')}`;
}

/** The payload of a token `sign(purpose, …)` made with this key; undefined for anything else. */
export function verify(purpose: string, token: string): string | undefined {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const wanted = mac(purpose, body);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return undefined;
  return Buffer.from(body, 'base64url').toString('utf8');
}
