import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { assertAppInScope } from '@/lib/correlate/access';
import { appRuns } from '@/lib/correlate/app-compare';

export const dynamic = 'force-dynamic';

/** Other runs of the app's name in the History Server, and the previous one (to compare with). */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const appId = parsePath('appId', (await context.params).appId, params.appId);
    await assertAppInScope(scope, appId, request.signal);
    return json(await appRuns(appId, request.signal));
  },
);
