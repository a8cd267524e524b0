import { json, route } from '@/lib/api/route';
import { appFromPath } from '@/lib/api/app-path';
import { appRuns } from '@/lib/correlate/app-compare';

export const dynamic = 'force-dynamic';

/** Other runs of the app's name in the History Server, and the previous one (to compare with). */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    return json(await appRuns(appId, request.signal));
  },
);
