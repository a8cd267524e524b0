import { BadRequestError } from '@/lib/domain/errors';
import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { compareApps } from '@/lib/correlate/app-compare';

export const dynamic = 'force-dynamic';

/** Two runs side by side: matched stages with deltas (regressions first), changed properties, log volume. */
export const GET = route<{ params: Promise<{ appId: string; otherAppId: string }> }>(
  async (request, context) => {
    const raw = await context.params;
    const appId = parsePath('appId', raw.appId, params.appId);
    const otherAppId = parsePath('otherAppId', raw.otherAppId, params.appId);
    if (appId === otherAppId)
      throw new BadRequestError('otherAppId', 'compare a run with another run, not with itself');
    return json(await compareApps(appId, otherAppId, request.signal));
  },
);
