import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { scopeFor } from '@/lib/auth/principal';
import { traceDetail } from '@/lib/correlate/trace-detail';

export const dynamic = 'force-dynamic';

/** A trace with its logs (for operators) and the metrics of its app around its time. */
export const GET = route<{ params: Promise<{ traceId: string }> }>(
  'viewer',
  async (request, context, { principal, scope }) => {
    const traceId = parsePath('traceId', (await context.params).traceId, params.traceId);
    const q = parseQuery(new URL(request.url).searchParams, {
      width: params.width,
      appId: params.appId,
      at: params.time,
    });
    const answer = await traceDetail(
      traceId,
      {
        width: q.width ?? 600,
        ...(q.appId ? { appId: q.appId } : {}),
        ...(q.at ? { at: q.at } : {}),
      },
      request.signal,
      // Log lines are an operator's: a viewer sees the trace and metrics only.
      { scope, logs: scopeFor(principal, 'operator') !== undefined },
    );
    const trace = answer.data.trace;
    audit({
      action: 'traces.read',
      user: principal.user,
      outcome: 'ok',
      ...(trace ? { appName: trace.service } : {}),
      detail: { traceId },
    });
    return json(answer);
  },
);
