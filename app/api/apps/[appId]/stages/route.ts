import { json, route } from '@/lib/api/route';
import { appFromPath } from '@/lib/api/app-path';
import { appStages } from '@/lib/correlate/app-stages';

export const dynamic = 'force-dynamic';

/** An app's jobs and stages from Spark's own record, each stage with its diagnosis flags. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    return json(await appStages(appId, request.signal));
  },
);
