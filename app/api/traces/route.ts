import { parseQuery, params, windowOf } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { fanOut, upToLimit } from '@/lib/correlate/fan-out';
import { getMapping, mapped } from '@/lib/correlate/mapping';
import { serviceOfApp } from '@/lib/correlate/services';
import { findTraceSummaries } from '@/lib/sources/jaeger/traces';

export const dynamic = 'force-dynamic';

/** Traces of an app, optionally of one stage or micro-batch (span attributes as a JSON tag map). */
export const GET = route(async (request) => {
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
  const window = windowOf(q);
  const attrs = getMapping().spanAttributes;
  const tags: Record<string, string> = { [attrs.appId]: q.appId };
  if (q.stageId !== undefined) tags[attrs.stageId] = String(q.stageId);
  if (q.batchId !== undefined) tags[attrs.batchId] = String(q.batchId);
  if (q.jobId !== undefined) tags[attrs.jobId] = String(q.jobId);
  const result = await fanOut(
    {
      jaeger: async (s) => {
        const service = await serviceOfApp(q.appId, window, s, q.appName);
        if (!service) return { value: [], warnings: ['no traces carry this app id in the window'] };
        const limit = q.limit ?? 200;
        const traces = await findTraceSummaries({ service, tags, ...window, limit }, mapped(s));
        return upToLimit(
          traces.sort((a, b) => b.start - a.start),
          limit,
          'traces',
        );
      },
    },
    request.signal,
  );
  return json({ data: result.data.jaeger, sources: result.sources });
});
