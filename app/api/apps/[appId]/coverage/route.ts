import { appFromPath } from '@/lib/api/app-path';
import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { appCoverage } from '@/lib/correlate/coverage';

export const dynamic = 'force-dynamic';

/** Which signals the console sees for an app, and the Spark configuration for each missing one. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const q = parseQuery(new URL(request.url).searchParams, {
      from: params.time,
      to: params.time,
      appName: params.appId,
    });
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    return json(await appCoverage(appId, windowOf(q, 6 * 3600_000), request.signal, q.appName));
  },
);
