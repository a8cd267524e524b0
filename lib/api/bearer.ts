import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { NextResponse } from 'next/server';
import type { ApiErrorBody } from '@/lib/domain/errors';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `Authorization: Bearer <token>` carries `expected`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or the first differing byte of a guess.
 */
export function bearerMatches(request: Request, expected: string | undefined): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // Hash even when nothing can match, so a missing header costs the same as a wrong one.
  const given = digest(match?.[1] ?? '');
  const wanted = digest(expected ?? '');
  return timingSafeEqual(given, wanted) && Boolean(match) && expected !== undefined;
}

/** 401 in the API's one error contract, with the challenge RFC 6750 asks for. */
export function unauthorized(message: string): NextResponse<ApiErrorBody> {
  return NextResponse.json(
    { error: { code: 'unauthorized', message } },
    {
      status: 401,
      headers: { 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="sparkwatch"' },
    },
  );
}
