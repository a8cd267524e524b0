import 'server-only';
import { getConfig } from '@/lib/config';
import type { CallOptions } from '../request-options';
import { jaegerGetText } from './client';
import { grpcStrategy } from './grpc-strategy';
import { parseJaegerVersion } from './health';
import { httpStrategy } from './http-strategy';
import type { TraceStrategy } from './search';

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

/** The HTTP strategy this server's version allows, read from the UI page once per process. */
let http: Promise<TraceStrategy> | undefined;

async function readHttpStrategy(options: CallOptions): Promise<TraceStrategy> {
  let version: string | undefined;
  try {
    version = parseJaegerVersion(await jaegerGetText('/', options));
  } catch (error) {
    // Without the page (a proxy serving only /api, say) the tags search still works on every
    // version; a cancelled request says nothing about the server, so it is asked again.
    if (options.signal?.aborted) {
      http = undefined;
      throw error;
    }
  }
  return httpStrategy({ v3AttributeSearch: hasV3AttributeSearch(version) });
}

function httpStrategyOf(options: CallOptions): Promise<TraceStrategy> {
  http ??= readHttpStrategy(options);
  return http;
}

let chosen: TraceStrategy | undefined;

/**
 * The one strategy every Jaeger call of this process goes through, if already chosen: read
 * without an await, so a caller's request leaves in the same turn.
 */
export function knownJaegerStrategy(): TraceStrategy | undefined {
  if (chosen) return chosen;
  const { grpcUrl } = getConfig().jaeger;
  // gRPC needs no probe: configured, it is used (and falls back to HTTP while unreachable).
  if (grpcUrl) chosen = grpcStrategy({ url: grpcUrl, fallback: httpStrategyOf });
  return chosen;
}

/** The strategy chosen from Jaeger's capabilities: gRPC when configured, else HTTP by version. */
export async function jaegerStrategy(options: CallOptions = {}): Promise<TraceStrategy> {
  const known = knownJaegerStrategy();
  if (known) return known;
  chosen = await httpStrategyOf(options);
  return chosen;
}
