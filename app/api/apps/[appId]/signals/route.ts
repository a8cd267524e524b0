import { appFromPath } from '@/lib/api/app-path';
import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { appMetrics } from '@/lib/correlate/signals';

export const dynamic = 'force-dynamic';

/** The app's metrics (every configured signal) over [from, to], at most `width` points each. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const q = parseQuery(new URL(request.url).searchParams, {
      from: params.time,
      to: params.time,
      width: params.width,
    });
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    return json(
      await appMetrics({ appId, ...windowOf(q), maxPoints: q.width ?? 600 }, request.signal),
    );
  },
);
