import { appFromPath } from '@/lib/api/app-path';
import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { appTimeline } from '@/lib/correlate/timeline';

export const dynamic = 'force-dynamic';

/** Every lane of an app's timeline over [from, to], at most `width` points per series. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const q = parseQuery(new URL(request.url).searchParams, {
      from: params.time,
      to: params.time,
      width: params.width,
      appName: params.appId,
    });
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    const window = windowOf(q);
    return json(
      await appTimeline(
        { appId, ...window, width: q.width ?? 800, ...(q.appName ? { appName: q.appName } : {}) },
        request.signal,
      ),
    );
  },
);
