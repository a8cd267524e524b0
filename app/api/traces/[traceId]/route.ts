import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { traceDetail } from '@/lib/correlate/trace-detail';

export const dynamic = 'force-dynamic';

/** A trace with its logs and the metrics of its app around its time. */
export const GET = route<{ params: Promise<{ traceId: string }> }>(async (request, context) => {
  const traceId = parsePath('traceId', (await context.params).traceId, params.traceId);
  const q = parseQuery(new URL(request.url).searchParams, {
    width: params.width,
    appId: params.appId,
    at: params.time,
  });
  return json(
    await traceDetail(
      traceId,
      {
        width: q.width ?? 600,
        ...(q.appId ? { appId: q.appId } : {}),
        ...(q.at ? { at: q.at } : {}),
      },
      request.signal,
    ),
  );
});
