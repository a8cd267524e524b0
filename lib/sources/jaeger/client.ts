import 'server-only';
import type { z } from 'zod';
import { getConfig } from '@/lib/config';
import { httpError, parseJson, upstreamFetch } from '@/lib/http/upstream';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions } from '../request-options';

const SOURCE = 'jaeger';

export interface JaegerGetOptions extends CallOptions {
  /** HTTP statuses that are answers rather than failures (v3 search answers 404 for "no traces"). */
  acceptStatus?: number[];
}

export interface JaegerAnswer<T> {
  status: number;
  data: T | null;
}

/**
 * GET a Jaeger query API path (`/api/v3/...` or the internal `/api/...`). Path segments must
 * already be validated ids; everything else goes through search params.
 */
export async function jaegerGet<S extends z.ZodType>(
  path: `/api/${string}`,
  params: URLSearchParams,
  schema: S,
  options: JaegerGetOptions = {},
): Promise<JaegerAnswer<z.output<S>>> {
  const { jaeger, maxResponseBytes, compressedUpstream } = getConfig();
  const query = params.toString();
  const url = `${jaeger.url}${path}${query ? `?${query}` : ''}`;
  const req = { source: SOURCE, url };
  const response = await upstreamFetch({
    ...req,
    timeoutMs: jaeger.timeoutMs,
    maxBytes: maxResponseBytes,
    compressed: compressedUpstream,
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (options.acceptStatus?.includes(response.status))
    return { status: response.status, data: null };
  if (response.status >= 400) throw httpError(req, response);
  return {
    status: response.status,
    data: parseWire(schema, parseJson(req, response), { ...req, text: response.text }),
  };
}

/** GET a non-JSON Jaeger page (the UI index, which carries the build's version). */
export async function jaegerGetText(path: '/', options: CallOptions = {}): Promise<string> {
  const { jaeger, maxResponseBytes, compressedUpstream } = getConfig();
  const req = { source: SOURCE, url: `${jaeger.url}${path}` };
  const response = await upstreamFetch({
    ...req,
    timeoutMs: jaeger.timeoutMs,
    maxBytes: Math.min(maxResponseBytes, 4 * 1024 * 1024),
    compressed: compressedUpstream,
    headers: { accept: 'text/html' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status >= 400) throw httpError(req, response);
  return response.text;
}
