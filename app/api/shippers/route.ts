import { parseQuery } from '@/lib/api/params';
import { json, route } from '@/lib/api/route';
import { logShippers } from '@/lib/correlate/shippers';

export const dynamic = 'force-dynamic';

/** The health of the log shippers, as Prometheus scrapes it. */
export const GET = route('viewer', async (request) => {
  parseQuery(new URL(request.url).searchParams, {});
  return json(await logShippers(request.signal));
});
