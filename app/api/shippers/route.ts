import { parseQuery } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { logShippers } from '@/lib/correlate/shippers';

export const dynamic = 'force-dynamic';

/**
 * The health of the log shippers, as Prometheus scrapes it. The files they tail are named after
 * every app's id, and an error may quote a line: callers limited to some apps see the counts only.
 */
export const GET = route('viewer', async (request, _context, { scope }) => {
  parseQuery(new URL(request.url).searchParams, {});
  const answer = await logShippers(request.signal);
  if (scope.all) return json(answer);
  return json({
    ...answer,
    data:
      answer.data?.map(({ lastError, ...status }) => ({
        ...status,
        files: [],
        ...(lastError ? { lastError: { at: lastError.at, message: 'hidden from your role' } } : {}),
      })) ?? null,
  });
});
