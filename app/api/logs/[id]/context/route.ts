import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { logWithContext } from '@/lib/correlate/logs';

export const dynamic = 'force-dynamic';

/** The lines around one log line from the same app and executor. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.docId);
  const q = parseQuery(new URL(request.url).searchParams, {
    before: params.limit(200),
    after: params.limit(200),
  });
  return json(
    await logWithContext(id, { before: q.before ?? 20, after: q.after ?? 20 }, request.signal),
  );
});
