import { json, route } from '@/lib/api/route';
import { checkHealth } from '@/lib/correlate/health';

export const dynamic = 'force-dynamic';

/**
 * Reachability, version and latency of each backend, probed in parallel. Always 200 while the
 * console itself works: a backend being down is data (`status: "degraded"`), not a console failure.
 */
// Probes must not fail for load: a busy console is not a dead one.
export const GET = route('public', async (request) => json(await checkHealth(request.signal)), {
  limited: false,
});
