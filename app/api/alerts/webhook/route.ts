import { BadRequestError } from '@/lib/api/errors';
import { json, route } from '@/lib/api/route';
import { rememberNotification, webhookPayload } from '@/lib/correlate/alerts';

export const dynamic = 'force-dynamic';

const MAX_BODY = 1024 * 1024;

/** Alertmanager's webhook receiver: keeps recent notifications so resolved alerts stay findable. */
export const POST = route(async (request) => {
  const text = await request.text();
  if (text.length > MAX_BODY) throw new BadRequestError('body', 'larger than 1 MiB', 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequestError('body', 'not JSON');
  }
  const parsed = webhookPayload.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRequestError(
      `body.${issue?.path.join('.') ?? ''}`,
      issue?.message ?? 'not an Alertmanager webhook payload',
    );
  }
  return json({ received: rememberNotification(parsed.data) });
});
