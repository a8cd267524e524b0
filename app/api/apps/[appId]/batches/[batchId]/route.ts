import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { appFromPath } from '@/lib/api/app-path';
import { appBatch } from '@/lib/correlate/app-batch';

export const dynamic = 'force-dynamic';

/** One micro-batch: its progress, SQL executions, jobs and stages. */
export const GET = route<{ params: Promise<{ appId: string; batchId: string }> }>(
  // Its progress comes from a log line: logs are the operator's.
  'operator',
  async (request, context, { scope }) => {
    const raw = await context.params;
    const batchId = parsePath('batchId', raw.batchId, params.batchId);
    const appId = await appFromPath(raw.appId, scope, request.signal);
    return json(await appBatch(appId, batchId, request.signal));
  },
);
