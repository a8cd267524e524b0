import { BadRequestError } from '@/lib/domain/errors';
import { parseJson, readCapped, requireJson } from '@/lib/api/body';
import { json, route } from '@/lib/api/route';
import { receiveNotification, webhookPayload } from '@/lib/correlate/alerts';

export const dynamic = 'force-dynamic';

const MAX_BODY = 1024 * 1024;

/**
 * Alertmanager's webhook receiver: stores notifications in Elasticsearch so resolved alerts stay
 * findable on every replica. Storage failing answers 502/504, so Alertmanager sends it again.
 */
export const POST = route('public', async (request) => {
  requireJson(request);
  const text = await readCapped(request, MAX_BODY);
  const parsed = webhookPayload.safeParse(parseJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRequestError(
      `body.${issue?.path.join('.') ?? ''}`,
      issue?.message ?? 'not an Alertmanager webhook payload',
    );
  }
  return json({ received: await receiveNotification(parsed.data, request.signal) });
});
