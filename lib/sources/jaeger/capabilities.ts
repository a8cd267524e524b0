import 'server-only';
import type { CallOptions } from '../request-options';
import { jaegerGetText } from './client';
import { parseJaegerVersion } from './health';

/**
 * API v3 search filters by span attributes (`query.attributes`) only from Jaeger v2.19; older
 * servers ignore the parameter and answer every trace of the service, so an attribute search
 * must know the version rather than trust the answer.
 */
export function hasV3AttributeSearch(version: string | undefined): boolean {
  const match = /^v?(\d+)\.(\d+)\./.exec(version ?? '');
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 2 || (major === 2 && minor >= 19);
}

// The version is read from the UI page once per few minutes, not per search: an upgrade is
// picked up without a restart, and a search costs no extra round trip.
const TTL_MS = 5 * 60_000;
let known: { at: number; v3Attributes: boolean } | undefined;

/** The remembered answer of `v3AttributeSearch`, if still fresh, without waiting a turn. */
export function knownV3AttributeSearch(): boolean | undefined {
  return known && Date.now() - known.at < TTL_MS ? known.v3Attributes : undefined;
}

export async function v3AttributeSearch(options: CallOptions = {}): Promise<boolean> {
  const remembered = knownV3AttributeSearch();
  if (remembered !== undefined) return remembered;
  let version: string | undefined;
  try {
    version = parseJaegerVersion(await jaegerGetText('/', options));
  } catch (error) {
    // Without the page (a proxy serving only /api, say) the tags search still works on every
    // version; a cancelled request says nothing about the server, so it is not remembered.
    if (options.signal?.aborted) throw error;
  }
  known = { at: Date.now(), v3Attributes: hasV3AttributeSearch(version) };
  return known.v3Attributes;
}
