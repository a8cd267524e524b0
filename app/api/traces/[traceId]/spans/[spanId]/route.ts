import { parsePath, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { traceSpan } from '@/lib/correlate/trace-view';

export const dynamic = 'force-dynamic';

/** One span of a trace with every attribute: what the trace page shows of the selected span. */
export const GET = route<{ params: Promise<{ traceId: string; spanId: string }> }>(
  'viewer',
  async (request, context, { scope }) => {
    const path = await context.params;
    const traceId = parsePath('traceId', path.traceId, params.traceId);
    const spanId = parsePath('spanId', path.spanId, params.spanId);
    return json(await traceSpan(traceId, spanId, request.signal, { scope }));
  },
);
