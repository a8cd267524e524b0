import { actorOf } from '@/lib/api/actor';
import { jsonBody } from '@/lib/api/body';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { addNote } from '@/lib/correlate/incidents';
import { noteInputSchema } from '@/lib/domain/schemas';

export const dynamic = 'force-dynamic';

// A note is at most 10 KiB of text (checked after parsing); JSON escaping may grow it past that.
const MAX_BODY = 16 * 1024;

/** Adds a note; 413 when it is longer than 10 KiB. */
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const { text } = await jsonBody(request, noteInputSchema, MAX_BODY);
  return json({ data: await addNote(id, text, actorOf(request), request.signal) }, { status: 201 });
});
