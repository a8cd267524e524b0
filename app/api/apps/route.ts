import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { listApps } from '@/lib/correlate/apps';

export const dynamic = 'force-dynamic';

/** Spark apps seen by any backend in the window (default: the last 6 hours), in the caller's scope. */
export const GET = route('viewer', async (request, _context, { scope }) => {
  const q = parseQuery(new URL(request.url).searchParams, { from: params.time, to: params.time });
  return json(await listApps(windowOf(q, 6 * 3600_000), request.signal, scope));
});
