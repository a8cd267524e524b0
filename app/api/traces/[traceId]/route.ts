import { parsePath, params } from '@/lib/api/params';
import { json, jsonWithRaw, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { scopeFor } from '@/lib/auth/principal';
import { traceView } from '@/lib/correlate/trace-view';

export const dynamic = 'force-dynamic';

/**
 * A trace's outline (every span, without attributes) and its logs for operators. The outline's
 * JSON is written while Jaeger streams the trace and answered as is.
 */
export const GET = route<{ params: Promise<{ traceId: string }> }>(
  'viewer',
  async (request, context, { principal, scope }) => {
    const traceId = parsePath('traceId', (await context.params).traceId, params.traceId);
    const answer = await traceView(traceId, request.signal, {
      scope,
      // Log lines are an operator's: a viewer sees the trace only.
      logs: scopeFor(principal, 'operator') !== undefined,
    });
    const trace = answer.data.trace;
    audit({
      action: 'traces.read',
      user: principal.user,
      outcome: 'ok',
      ...(trace?.services[0] ? { appName: trace.services[0] } : {}),
      detail: { traceId },
    });
    if (!trace) return json({ ...answer, data: { ...answer.data, trace: null } });
    return jsonWithRaw({ trace: trace.json }, { logs: answer.data.logs }, answer.sources);
  },
);
