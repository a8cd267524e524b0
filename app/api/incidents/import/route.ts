import { actorOf } from '@/lib/api/actor';
import { bodyIssue, parseJson, readCapped, requireJson } from '@/lib/api/body';
import { json, route } from '@/lib/api/route';
import { importBundle } from '@/lib/correlate/incidents';
import { BadRequestError } from '@/lib/domain/errors';
import { incidentBundleSchema } from '@/lib/domain/schemas';
import { droppedField } from '@/lib/domain/strict';

export const dynamic = 'force-dynamic';

// Twenty traces and two hundred lines, whole, with room: a bundle is bigger than any other post.
const MAX_BODY = 32 * 1024 * 1024;

/**
 * Imports an exported bundle under a new id. Strict: a field the bundle format does not have,
 * anywhere in it, is refused (400 naming it), and nothing is stored.
 */
export const POST = route(async (request) => {
  requireJson(request);
  const raw = parseJson(await readCapped(request, MAX_BODY));
  const parsed = incidentBundleSchema.safeParse(raw);
  if (!parsed.success) throw bodyIssue(parsed.error, 'not an incident bundle');
  const dropped = droppedField(raw, parsed.data);
  if (dropped) throw new BadRequestError(`body.${dropped}`, 'unknown field');
  const data = await importBundle(parsed.data, actorOf(request), request.signal);
  return json({ data }, { status: 201 });
});
