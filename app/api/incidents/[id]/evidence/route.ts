import { z } from 'zod';
import { actorOf } from '@/lib/api/actor';
import { jsonBody } from '@/lib/api/body';
import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { pin, unpin } from '@/lib/correlate/incidents';
import { pinInputSchema } from '@/lib/domain/schemas';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Pins one more log line or trace: copied in whole from its backend now. */
export const POST = route<Context>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const input = await jsonBody(request, pinInputSchema, 4 * 1024);
  return json({ data: await pin(id, input, actorOf(request), request.signal) });
});

const key = z
  .string()
  .max(400)
  .regex(/^(?:log:[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9_-]+|trace:[0-9a-f]{16,32})$/, 'not a pin key');

/** Unpins a piece by its key (`log:<index>/<id>` or `trace:<traceId>`). */
export const DELETE = route<Context>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const q = parseQuery(new URL(request.url).searchParams, { key }, ['key']);
  return json({ data: await unpin(id, q.key, actorOf(request), request.signal) });
});
