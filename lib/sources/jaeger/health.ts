import 'server-only';
import { z } from 'zod';
import type { CallOptions, Probe } from '../request-options';
import { jaegerGet, jaegerGetText } from './client';

const services = z.object({ data: z.array(z.string()).nullable() });
const versionInfo = z.object({ gitVersion: z.string(), gitCommit: z.string().optional() });

/**
 * The query service injects `JAEGER_VERSION = {...};` into the UI's index page (and its
 * placeholder page when built without UI assets); Jaeger has no other version endpoint.
 */
export function parseJaegerVersion(html: string): string | undefined {
  const match = /JAEGER_VERSION\s*=\s*(\{[^;<]*\})\s*;/.exec(html);
  if (!match?.[1]) return undefined;
  try {
    const parsed = versionInfo.safeParse(JSON.parse(match[1]));
    return parsed.success && parsed.data.gitVersion ? parsed.data.gitVersion : undefined;
  } catch {
    return undefined;
  }
}

export async function probeJaeger(options: CallOptions = {}): Promise<Probe> {
  const [page, list] = await Promise.all([
    jaegerGetText('/', options),
    jaegerGet('/api/services', new URLSearchParams(), services, options),
  ]);
  const count = list.data?.data?.length ?? 0;
  return {
    version: parseJaegerVersion(page) ?? 'unknown',
    detail: `${count} service${count === 1 ? '' : 's'}`,
  };
}
