import { BadRequestError } from '@/lib/domain/errors';
import { bearerMatches, unauthorized } from '@/lib/api/bearer';
import { parseJson, readCapped, requireJson } from '@/lib/api/body';
import { json, route } from '@/lib/api/route';
import { getConfig } from '@/lib/config';
import { receiveNotification, webhookPayload } from '@/lib/correlate/alerts';

export const dynamic = 'force-dynamic';

const MAX_BODY = 1024 * 1024;

/**
 * Alertmanager's webhook receiver: stores notifications in Elasticsearch so resolved alerts stay
 * findable on every replica. Storage failing answers 502/504, so Alertmanager sends it again.
 * Only a caller holding ALERTS_WEBHOOK_TOKEN gets in (any web page could post otherwise); the body
 * is not read before that.
 */
export const POST = route(
  'public',
  async (request) => {
    if (!bearerMatches(request, getConfig().webhookToken))
      return unauthorized('Authorization: Bearer <ALERTS_WEBHOOK_TOKEN> required');
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
  },
  // Alertmanager holds the token and resends on failure; it is never refused for load.
  { limited: false },
);
