import 'server-only';
import { UpstreamError, excerpt, redactUrl } from './errors';

export interface UpstreamRequest {
  /** Backend name used in errors and per-source status, e.g. "prometheus". */
  source: string;
  url: string;
  timeoutMs: number;
  maxBytes: number;
  /** The caller's signal (usually the incoming request's); aborting it aborts the call. */
  signal?: AbortSignal;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Retry once, with jitter, on network errors and 502/503/504. Only for idempotent reads. */
  retry?: boolean;
  /**
   * Accept compressed answers. Off, the backend sends plain JSON: next to the console (same host or
   * cluster), inflating a multi-megabyte trace search costs more than the bytes it saves.
   */
  compressed?: boolean;
}

export interface UpstreamResponse {
  status: number;
  text: string;
  tookMs: number;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

async function readCapped(
  response: Response,
  maxBytes: number,
  req: UpstreamRequest,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(req, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(req, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(req: UpstreamRequest, status: number): UpstreamError {
  return new UpstreamError(`${req.source} answered more than ${req.maxBytes} bytes`, {
    source: req.source,
    kind: 'too_large',
    url: redactUrl(req.url),
    status,
  });
}

function classify(error: unknown, req: UpstreamRequest, deadline: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const url = redactUrl(req.url);
  if (deadline.aborted) {
    return new UpstreamError(`${req.source} did not answer within ${req.timeoutMs} ms`, {
      source: req.source,
      kind: 'timeout',
      url,
      cause: error,
    });
  }
  if (req.signal?.aborted) {
    return new UpstreamError(`request to ${req.source} was cancelled`, {
      source: req.source,
      kind: 'aborted',
      url,
      cause: error,
    });
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const reason =
    typeof code === 'string' ? code : error instanceof Error ? error.message : 'network error';
  return new UpstreamError(`${req.source} is unreachable (${reason})`, {
    source: req.source,
    kind: 'unreachable',
    url,
    cause: error,
  });
}

async function attempt(req: UpstreamRequest): Promise<UpstreamResponse> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  const started = performance.now();
  try {
    const response = await fetch(req.url, {
      method: req.method ?? 'GET',
      headers: {
        accept: 'application/json',
        'accept-encoding': req.compressed ? 'gzip, deflate, br' : 'identity',
        ...req.headers,
      },
      ...(req.body === undefined ? {} : { body: req.body }),
      signal,
      cache: 'no-store',
      redirect: 'error',
    });
    const text = await readCapped(response, req.maxBytes, req);
    return { status: response.status, text, tookMs: performance.now() - started };
  } catch (error) {
    throw classify(error, req, deadline);
  }
}

function jitter(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
}

/**
 * The one place that calls fetch: deadline, caller cancellation, a response-size cap and one
 * jittered retry for idempotent reads. Non-2xx answers come back as data for the source module
 * to interpret (Prometheus 4xx bodies carry the reason; Jaeger's 404 means "no traces").
 */
export async function upstreamFetch(req: UpstreamRequest): Promise<UpstreamResponse> {
  try {
    const response = await attempt(req);
    if (req.retry && RETRYABLE_STATUS.has(response.status) && !req.signal?.aborted) {
      await jitter();
      return await attempt(req);
    }
    return response;
  } catch (error) {
    if (
      req.retry &&
      error instanceof UpstreamError &&
      error.kind === 'unreachable' &&
      !req.signal?.aborted
    ) {
      await jitter();
      return attempt(req);
    }
    throw error;
  }
}

/** Builds the error for a non-2xx answer the source module did not expect. */
export function httpError(
  req: Pick<UpstreamRequest, 'source' | 'url'>,
  response: UpstreamResponse,
  message?: string,
): UpstreamError {
  return new UpstreamError(message ?? `${req.source} answered HTTP ${response.status}`, {
    source: req.source,
    kind: 'http',
    url: redactUrl(req.url),
    status: response.status,
    bodyExcerpt: excerpt(response.text),
  });
}

/** Parses JSON, turning garbage into a clear bad_response error. */
export function parseJson(
  req: Pick<UpstreamRequest, 'source' | 'url'>,
  response: UpstreamResponse,
): unknown {
  try {
    return JSON.parse(response.text);
  } catch (cause) {
    throw new UpstreamError(`${req.source} answered something that is not JSON`, {
      source: req.source,
      kind: 'bad_response',
      url: redactUrl(req.url),
      status: response.status,
      bodyExcerpt: excerpt(response.text),
      cause,
    });
  }
}
