import { parsePath, parseQuery, params } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { audit } from '@/lib/auth/audit';
import { logWithContext } from '@/lib/correlate/logs';

export const dynamic = 'force-dynamic';

/** The lines around one log line from the same app and executor. */
export const GET = route<{ params: Promise<{ id: string }> }>(
  'operator',
  async (request, context, { principal, scope }) => {
    const id = parsePath('id', (await context.params).id, params.docId);
    const q = parseQuery(new URL(request.url).searchParams, {
      before: params.limit(200),
      after: params.limit(200),
    });
    const answer = await logWithContext(
      id,
      { before: q.before ?? 20, after: q.after ?? 20 },
      request.signal,
      scope,
    );
    const { hit } = answer.data;
    audit({
      action: 'logs.context',
      user: principal.user,
      outcome: 'ok',
      ...(hit.appId ? { appId: hit.appId } : {}),
      ...(hit.appName ? { appName: hit.appName } : {}),
      detail: { id },
    });
    return json(answer);
  },
);
