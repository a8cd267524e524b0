import 'server-only';
import type { z } from 'zod';
import { BadRequestError } from '@/lib/domain/errors';

// Keys that only ever appear in a payload to reach an object's prototype.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;

/** JSON text parsed, refusing keys that only serve to reach a prototype. */
export function parseJson(text: string): unknown {
  let reserved: string | undefined;
  let body: unknown;
  try {
    body = JSON.parse(text, (key, value: unknown) => {
      if (RESERVED_KEYS.has(key)) reserved ??= key;
      return value;
    });
  } catch {
    throw new BadRequestError('body', 'not JSON');
  }
  if (reserved) throw new BadRequestError('body', `holds the reserved key ${reserved}`);
  return body;
}

// Past the limit the rest of a body is read and dropped, up to this much, before the 413: a sender
// still writing when the connection closes gets a reset instead of the answer (cancelling the
// stream closed it before the 413 was written). A bigger body is cut off unread.
const DRAIN_MAX = 64 * 1024 * 1024;

/**
 * The body as text, refused with 413 once it grows past the limit: a huge post is never held in
 * memory whole — what comes after the limit is dropped as it arrives.
 */
export async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new BadRequestError('body', `larger than ${sizeOf(maxBytes)}`, 413);
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (declared > DRAIN_MAX) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > DRAIN_MAX) {
      reader.releaseLock();
      break;
    }
    if (total <= maxBytes) chunks.push(value);
  }
  if (total > maxBytes) throw tooLarge();
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Refuses a body that is not declared as JSON (415). */
export function requireJson(request: Request): void {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new BadRequestError('content-type', 'must be application/json', 415);
}

/** A zod failure as a 400 naming the first offending field of the body. */
export function bodyIssue(error: z.ZodError, fallback: string): BadRequestError {
  const issue = error.issues[0];
  const where = issue?.path.length ? `body.${issue.path.join('.')}` : 'body';
  return new BadRequestError(where, issue?.message ?? fallback);
}

/** A JSON body, capped while streaming, parsed with a schema: every failure a 4xx naming it. */
export async function jsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number,
): Promise<z.output<S>> {
  requireJson(request);
  const parsed = schema.safeParse(parseJson(await readCapped(request, maxBytes)));
  if (!parsed.success) throw bodyIssue(parsed.error, 'invalid');
  return parsed.data;
}
