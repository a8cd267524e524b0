import { parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { appFromPath } from '@/lib/api/app-path';
import { appStageSummaries } from '@/lib/correlate/app-stages';

export const dynamic = 'force-dynamic';

/** Task-duration quantiles of some stage attempts: the stage table's rows in view. */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const { stages } = parseQuery(
      new URL(request.url).searchParams,
      { stages: params.stageAttempts },
      ['stages'],
    );
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    return json(await appStageSummaries(appId, stages, request.signal));
  },
);
