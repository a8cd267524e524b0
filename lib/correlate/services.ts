import 'server-only';
import { findTraces, listServices } from '@/lib/sources/jaeger/traces';
import { getMapping, mapped } from './mapping';

// App id → Jaeger service. Jaeger searches need a service; the id is what the console knows.
const known = new Map<string, string>();
const MAX_KNOWN = 1000;

/** The service already found for this app id, without waiting a turn (see appTimeline). */
export function knownServiceOf(appId: string): string | undefined {
  return known.get(appId);
}

/**
 * The Jaeger service (= Spark app name) whose spans carry this app id: a hint (the app name from
 * metrics or logs) is tried first, then every service, in parallel.
 */
export async function serviceOfApp(
  appId: string,
  window: { from: number; to: number },
  signal: AbortSignal,
  hint?: string,
): Promise<string | undefined> {
  const cached = known.get(appId);
  if (cached) return cached;
  const tag = { [getMapping().spanAttributes.appId]: appId };
  const services = await listServices({ signal });
  const ordered =
    hint && services.includes(hint) ? [hint, ...services.filter((s) => s !== hint)] : services;
  const hits = await Promise.all(
    ordered
      .slice(0, 25)
      .map(async (service) =>
        (
          await findTraces(
            { service, tags: tag, from: window.from, to: window.to, limit: 1 },
            mapped(signal),
          )
        ).length
          ? service
          : undefined,
      ),
  );
  const found = hits.find(Boolean);
  if (found) {
    // A long-running console meets many apps; the oldest mapping goes first.
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value ?? '');
    known.set(appId, found);
  }
  return found;
}
