import { parseQuery } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { alertsOverview } from '@/lib/correlate/alerts';

export const dynamic = 'force-dynamic';

/** Active alerts (Alertmanager) and recently resolved ones (received through the webhook). */
export const GET = route('viewer', async (request, _context, { scope }) => {
  parseQuery(new URL(request.url).searchParams, {});
  return json(await alertsOverview(request.signal, scope));
});
