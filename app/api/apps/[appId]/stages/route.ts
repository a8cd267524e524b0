import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { assertAppInScope } from '@/lib/correlate/access';
import { appStages } from '@/lib/correlate/app-stages';

export const dynamic = 'force-dynamic';

/** An app's jobs and stages from Spark's own record, each stage with its diagnosis flags. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const appId = parsePath('appId', (await context.params).appId, params.appId);
    await assertAppInScope(scope, appId, request.signal);
    return json(await appStages(appId, request.signal));
  },
);
