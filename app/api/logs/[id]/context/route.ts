import { BadRequestError } from '@/lib/api/errors';
import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { getLog, logContext } from '@/lib/sources/elasticsearch/context';
import { mapped } from '@/lib/correlate/mapping';

export const dynamic = 'force-dynamic';

/** The lines around one log line from the same app and executor. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.docId);
  const q = parseQuery(new URL(request.url).searchParams, {
    before: params.limit(200),
    after: params.limit(200),
  });
  const hit = await getLog(id, mapped(request.signal));
  if (!hit) throw new BadRequestError('id', 'no log line has this id', 404);
  const around = await logContext(
    hit,
    { before: q.before ?? 20, after: q.after ?? 20 },
    mapped(request.signal),
  );
  return json({ data: { hit: hit.entry, ...around } });
});
