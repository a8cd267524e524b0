import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { decoded } from './encoding';
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
  /**
   * Called at each attempt, before its body arrives; the reader it returns sees the (decoded)
   * body's chunks as they come, so a large answer can be decoded while it downloads. The answer's
   * text is returned whole all the same.
   */
  reader?: () => BodyReader;
}

/** Sees an answer's body chunk by chunk while it arrives (UpstreamRequest.reader). */
export interface BodyReader {
  write(chunk: Buffer): void;
}

export interface UpstreamResponse {
  status: number;
  /** Decoded from the body's bytes when first read: a caller that read the chunks never pays it. */
  readonly text: string;
  tookMs: number;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Kept-alive connections per protocol. node:http rather than fetch (web streams cost more CPU per
 * call) or undici (no clear gain, measured by `npm run bench:transport`; README, "Benchmarks"),
 * and a timeline makes a dozen calls.
 */
const transports = {
  'http:': { client: http, agent: new http.Agent({ keepAlive: true, maxSockets: 64 }) },
  'https:': { client: https, agent: new https.Agent({ keepAlive: true, maxSockets: 64 }) },
};

function tooLarge(req: UpstreamRequest, status: number): UpstreamError {
  return new UpstreamError(`${req.source} answered more than ${req.maxBytes} bytes`, {
    source: req.source,
    kind: 'too_large',
    url: redactUrl(req.url),
    status,
  });
}

/** A failed call as an UpstreamError: timeout, cancelled or unreachable (shared with gRPC). */
export function classify(
  error: unknown,
  req: Pick<UpstreamRequest, 'source' | 'url' | 'timeoutMs' | 'signal'>,
  deadline: AbortSignal,
): UpstreamError {
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
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason =
    typeof code === 'string' ? code : error instanceof Error ? error.message : 'network error';
  return new UpstreamError(`${req.source} is unreachable (${reason})`, {
    source: req.source,
    kind: 'unreachable',
    url,
    cause: error,
  });
}

/** The body's bytes, at most maxBytes of them (decoded), or a too_large error. */
function readCapped(
  response: http.IncomingMessage,
  req: UpstreamRequest,
  signal: AbortSignal,
): Promise<Buffer[]> {
  const status = response.statusCode ?? 0;
  const declared = Number(response.headers['content-length'] ?? 'NaN');
  if (!response.headers['content-encoding'] && declared > req.maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge(req, status));
  }
  const body = decoded(response);
  const read = req.reader?.();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      response.destroy();
      body.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    body.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > req.maxBytes) fail(tooLarge(req, status));
      else {
        chunks.push(chunk);
        read?.write(chunk);
      }
    });
    body.on('error', fail);
    response.on('close', () => {
      if (!response.complete) fail(new Error('connection closed mid-answer'));
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(chunks);
    });
  });
}

function send(req: UpstreamRequest, signal: AbortSignal): Promise<http.IncomingMessage> {
  const url = new URL(req.url);
  const { client, agent } = url.protocol === 'https:' ? transports['https:'] : transports['http:'];
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': req.compressed ? 'gzip, deflate, br' : 'identity',
    ...req.headers,
  };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: req.method ?? 'GET',
      headers,
      agent,
      signal,
    });
    outgoing.once('response', resolve);
    // Errors after the answer started are the body reader's to report; this only settles once.
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

async function attempt(req: UpstreamRequest): Promise<UpstreamResponse> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  const started = performance.now();
  try {
    const response = await send(req, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      response.resume();
      // Following it would send the query somewhere the configuration does not name.
      throw new UpstreamError(
        `${req.source} answered a redirect (HTTP ${status}); configure its final URL`,
        { source: req.source, kind: 'http', url: redactUrl(req.url), status },
      );
    }
    const chunks = await readCapped(response, req, signal);
    const tookMs = performance.now() - started;
    let text: string | undefined;
    return {
      status,
      tookMs,
      get text() {
        return (text ??= Buffer.concat(chunks).toString('utf8'));
      },
    };
  } catch (error) {
    throw classify(error, req, deadline);
  }
}

/** The wait before the one retry of a read, 50–200 ms: long enough to spread, short for a panel. */
export function retryDelayMs(): number {
  return 50 + Math.random() * 150;
}

function jitter(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, retryDelayMs()));
}

/**
 * The one place that calls a backend: deadline, caller cancellation, a response-size cap and one
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
