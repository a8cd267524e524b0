import { BadRequestError } from '@/lib/domain/errors';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { assertAppInScope } from '@/lib/correlate/access';
import { compareApps } from '@/lib/correlate/app-compare';

export const dynamic = 'force-dynamic';

/** Two runs side by side: matched stages with deltas (regressions first), changed properties, log volume. */
export const GET = route<{ params: Promise<{ appId: string; otherAppId: string }> }>(
  'operator',
  async (request, context, { scope }) => {
    const raw = await context.params;
    const appId = parsePath('appId', raw.appId, params.appId);
    const otherAppId = parsePath('otherAppId', raw.otherAppId, params.appId);
    if (appId === otherAppId)
      throw new BadRequestError('otherAppId', 'compare a run with another run, not with itself');
    // Both runs must be the caller's: log volumes and Spark properties of another team's app are not.
    await Promise.all([
      assertAppInScope(scope, appId, request.signal),
      assertAppInScope(scope, otherAppId, request.signal),
    ]);
    return json(await compareApps(appId, otherAppId, request.signal));
  },
);
