import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { UpstreamError, excerpt, redactUrl } from '@/lib/http/errors';
import { parseJson, upstreamFetch } from '@/lib/http/upstream';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions } from '../request-options';

const SOURCE = 'prometheus';

const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

export interface PrometheusAnswer<T> {
  data: T;
  warnings: string[];
}

/**
 * GET a Prometheus HTTP API path. Parameters are passed as URL search params (never pasted into a
 * path); the `{status, data}` envelope is unwrapped and `data` validated against `schema`.
 * Prometheus answers 400 bad_data / 422 execution / 503 timeout with a JSON reason, kept here.
 */
export async function prometheusGet<S extends z.ZodType>(
  path: `/api/v1/${string}`,
  params: URLSearchParams,
  schema: S,
  options: CallOptions = {},
): Promise<PrometheusAnswer<z.output<S>>> {
  const { prometheus, maxResponseBytes, compressedUpstream } = getConfig();
  const query = params.toString();
  const url = `${prometheus.url}${path}${query ? `?${query}` : ''}`;
  const req = { source: SOURCE, url };
  const response = await upstreamFetch({
    ...req,
    timeoutMs: prometheus.timeoutMs,
    maxBytes: maxResponseBytes,
    compressed: compressedUpstream,
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const body = parseWire(envelope, parseJson(req, response), { ...req, text: response.text });
  if (body.status === 'error' || response.status >= 400) {
    throw new UpstreamError(
      `prometheus ${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${response.status}`}`,
      {
        source: SOURCE,
        kind: body.errorType === 'timeout' ? 'timeout' : 'http',
        url: redactUrl(url),
        status: response.status,
        bodyExcerpt: excerpt(response.text),
      },
    );
  }
  return {
    data: parseWire(schema, body.data, { ...req, text: response.text }),
    warnings: body.warnings ?? [],
  };
}
