import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { appNameFilters, assertAppInScope } from '@/lib/correlate/access';
import { findLogs } from '@/lib/correlate/logs';

export const dynamic = 'force-dynamic';

const shape = {
  appId: params.appId,
  stageId: params.stageId,
  batchId: params.batchId,
  jobId: params.jobId,
  traceId: params.traceId,
  executorId: params.executorId,
  level: params.levels,
  q: params.q,
  from: params.time,
  to: params.time,
  cursor: params.cursor,
  limit: params.limit(1000),
  buckets: params.limit(200),
};

/**
 * Log lines scoped by ids, level and free text, newest first, with the volume histogram; only
 * lines of apps in the caller's scope, and another team's app id is a 404.
 */
export const GET = route('operator', async (request, _context, { principal, scope }) => {
  const q = parseQuery(new URL(request.url).searchParams, shape);
  const { level, limit, buckets, from, to, ...filters } = q;
  if (filters.appId) await assertAppInScope(scope, filters.appId, request.signal);
  audit({
    action: 'logs.read',
    user: principal.user,
    outcome: 'ok',
    ...(filters.appId ? { appId: filters.appId } : {}),
    detail: {
      ...(filters.traceId ? { traceId: filters.traceId } : {}),
      ...(filters.q ? { q: filters.q } : {}),
      page: filters.cursor ? 'next' : 'first',
    },
  });
  return json(
    await findLogs(
      {
        ...filters,
        ...appNameFilters(scope),
        ...windowOf({ from, to }),
        limit: limit ?? 200,
        buckets: buckets ?? 60,
        ...(level ? { levels: level } : {}),
      },
      request.signal,
    ),
  );
});
