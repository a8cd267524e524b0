import { BadRequestError } from '@/lib/domain/errors';
import { bearerMatches, unauthorized } from '@/lib/api/bearer';
import { json, route } from '@/lib/api/route';
import { getConfig } from '@/lib/config';
import { receiveNotification, webhookPayload } from '@/lib/correlate/alerts';

export const dynamic = 'force-dynamic';

const MAX_BODY = 1024 * 1024;
// Keys that only ever appear in a payload to reach an object's prototype.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function parseBody(text: string): unknown {
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
// that is still writing when the connection closes gets a reset instead of the answer. A bigger
// body is cut off (the connection closes under it).
const DRAIN_MAX = 64 * 1024 * 1024;

/**
 * The body as text, refused with 413 once it grows past the limit: a huge post is never held in
 * memory whole — what comes after the first MiB is dropped as it arrives.
 */
async function readCapped(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (declared > DRAIN_MAX) throw new BadRequestError('body', 'larger than 1 MiB', 413);
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
    if (total <= MAX_BODY) chunks.push(value);
  }
  if (total > MAX_BODY) throw new BadRequestError('body', 'larger than 1 MiB', 413);
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * Alertmanager's webhook receiver: stores notifications in Elasticsearch so resolved alerts stay
 * findable on every replica. Storage failing answers 502/504, so Alertmanager sends it again.
 * Only a caller holding ALERTS_WEBHOOK_TOKEN gets in (any web page could post otherwise); the body
 * is not read before that.
 */
export const POST = route(
  async (request) => {
    if (!bearerMatches(request, getConfig().webhookToken))
      return unauthorized('Authorization: Bearer <ALERTS_WEBHOOK_TOKEN> required');
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\b/i.test(type))
      throw new BadRequestError('content-type', 'must be application/json', 415);
    const text = await readCapped(request);
    const parsed = webhookPayload.safeParse(parseBody(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadRequestError(
        `body.${issue?.path.join('.') ?? ''}`,
        issue?.message ?? 'not an Alertmanager webhook payload',
      );
    }
    return json({ received: await receiveNotification(parsed.data, request.signal) });
  },
  // Alertmanager holds the token and resends on failure; it is never refused for load.
  { limited: false },
);
