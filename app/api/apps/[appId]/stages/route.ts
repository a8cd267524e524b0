import { jsonWithRaw, route } from '@/lib/api/route';
import { appFromPath } from '@/lib/api/app-path';
import { appStagesText } from '@/lib/correlate/app-stages';

export const dynamic = 'force-dynamic';

/**
 * An app's jobs and stages from Spark's own record, each stage with its diagnosis flags (AppStages;
 * the rows written as JSON while Spark's list downloads).
 */
export const GET = route<{ params: Promise<{ appId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const appId = await appFromPath((await context.params).appId, scope, request.signal);
    const { data, sources } = await appStagesText(appId, request.signal);
    const { jobs, stages, ...rest } = data;
    return jsonWithRaw({ jobs, stages }, rest, sources);
  },
);
