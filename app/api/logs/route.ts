import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
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

/** Log lines scoped by ids, level and free text, newest first, with the volume histogram. */
export const GET = route(async (request) => {
  const q = parseQuery(new URL(request.url).searchParams, shape);
  const { level, limit, buckets, from, to, ...filters } = q;
  return json(
    await findLogs(
      {
        ...filters,
        ...windowOf({ from, to }),
        limit: limit ?? 200,
        buckets: buckets ?? 60,
        ...(level ? { levels: level } : {}),
      },
      request.signal,
    ),
  );
});
