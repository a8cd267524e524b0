import { BadRequestError } from '@/lib/api/errors';
import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { fanOut } from '@/lib/correlate/fan-out';
import { decodeCursor, searchLogs } from '@/lib/sources/elasticsearch/logs';
import { mapped } from '@/lib/correlate/mapping';

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
  const window = windowOf(q);
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (q.cursor !== undefined && !cursor)
    throw new BadRequestError('cursor', 'not a cursor of this API');
  const result = await fanOut(
    {
      elasticsearch: (s) =>
        searchLogs(
          {
            ...window,
            limit: q.limit ?? 200,
            buckets: cursor ? 0 : (q.buckets ?? 60),
            ...(cursor ? { cursor } : {}),
            ...(q.appId ? { appId: q.appId } : {}),
            ...(q.stageId !== undefined ? { stageId: q.stageId } : {}),
            ...(q.batchId !== undefined ? { batchId: q.batchId } : {}),
            ...(q.jobId !== undefined ? { jobId: q.jobId } : {}),
            ...(q.traceId ? { traceId: q.traceId } : {}),
            ...(q.executorId ? { executorId: q.executorId } : {}),
            ...(q.level ? { levels: q.level } : {}),
            ...(q.q ? { q: q.q } : {}),
          },
          mapped(s),
        ),
    },
    request.signal,
  );
  return json({ data: result.data.elasticsearch, sources: result.sources });
});
