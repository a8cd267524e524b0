import 'server-only';
import type { z } from 'zod';
import { getConfig } from '@/lib/config';
import { httpError, parseJson, upstreamFetch } from '@/lib/http/upstream';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions } from '../request-options';

const SOURCE = 'alertmanager';

/** GET an Alertmanager API v2 path; matchers and flags go in search params, never in the path. */
export async function alertmanagerGet<S extends z.ZodType>(
  path: `/api/v2/${string}`,
  params: URLSearchParams,
  schema: S,
  options: CallOptions = {},
): Promise<z.output<S>> {
  const { alertmanager, maxResponseBytes, compressedUpstream } = getConfig();
  const query = params.toString();
  const url = `${alertmanager.url}${path}${query ? `?${query}` : ''}`;
  const req = { source: SOURCE, url };
  const response = await upstreamFetch({
    ...req,
    timeoutMs: alertmanager.timeoutMs,
    maxBytes: maxResponseBytes,
    compressed: compressedUpstream,
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status >= 400) throw httpError(req, response);
  return parseWire(schema, parseJson(req, response), { ...req, text: response.text });
}
