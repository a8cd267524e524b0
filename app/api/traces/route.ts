import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { assertAppInScope } from '@/lib/correlate/access';
import { appTraces } from '@/lib/correlate/traces';

export const dynamic = 'force-dynamic';

/** Traces of an app, optionally of one stage or micro-batch (span attributes as a JSON tag map). */
export const GET = route('viewer', async (request, _context, { principal, scope }) => {
  const q = parseQuery(
    new URL(request.url).searchParams,
    {
      appId: params.appId,
      appName: params.appId,
      stageId: params.stageId,
      batchId: params.batchId,
      jobId: params.jobId,
      from: params.time,
      to: params.time,
      limit: params.limit(1500),
    },
    ['appId'],
  );
  await assertAppInScope(scope, q.appId, request.signal);
  audit({ action: 'traces.search', user: principal.user, outcome: 'ok', appId: q.appId });
  const { limit, ...search } = q;
  return json(
    await appTraces({ ...search, ...windowOf(q), limit: limit ?? 200 }, request.signal, scope),
  );
});
