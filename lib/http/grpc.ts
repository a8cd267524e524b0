import 'server-only';
import { GRPC_WINDOW_BYTES } from './grpc-window';
import http2 from 'node:http2';
import { classify } from './upstream';
import { UpstreamError, redactUrl } from './errors';

/**
 * Server-streaming gRPC calls over node:http2, just enough for Jaeger's query API: one request
 * message out, length-prefixed messages back, the status in the trailers. Same contract as
 * `upstreamFetch`: deadline, caller cancellation, a size cap, one retry when unreachable.
 * https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
 */

export interface GrpcRequest {
  /** Backend name used in errors and per-source status, e.g. "jaeger". */
  source: string;
  /** Base URL of the gRPC server: http:// (cleartext HTTP/2) or https:// (TLS). */
  url: string;
  /** `/package.Service/Method`. */
  method: `/${string}/${string}`;
  message: Uint8Array;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /**
   * Called with each message as soon as it is complete, while the rest still streams in (Jaeger
   * sends a search one trace per message over a few milliseconds): decoding overlaps the wait.
   * A throw fails the call.
   */
  onMessage?: (message: Buffer) => void;
  /**
   * Instead of `onMessage`: each message's bytes as they arrive, then its end, so a consumer can
   * read a large message (a 40,000-span trace is one 17 MB message) while it streams in.
   */
  parts?: MessageParts;
  /**
   * One large answer read as it streams (a trace by id): the call goes over a session of its own
   * with wider flow-control windows (grpc-window.ts), so Jaeger is not held back 64 KiB at a time.
   */
  bulk?: boolean;
}

export interface MessageParts {
  part: (bytes: Buffer) => void;
  end: () => void;
}

/** The call's gRPC status: 0 is OK; NOT_FOUND (5) comes back as data, every other one throws. */
export type GrpcStatus = number;

export const GRPC_NOT_FOUND = 5;

const CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/**
 * Kept-open HTTP/2 sessions, one per server and one more for its bulk calls; a closed or failed
 * one is replaced on next use.
 */
const sessions = new Map<string, http2.ClientHttp2Session>();

function sessionFor(origin: string, bulk: boolean): http2.ClientHttp2Session {
  const key = `${bulk ? 'bulk ' : ''}${origin}`;
  const known = sessions.get(key);
  if (known && !known.closed && !known.destroyed) return known;
  const session = bulk
    ? http2.connect(origin, { settings: { initialWindowSize: GRPC_WINDOW_BYTES } })
    : http2.connect(origin);
  if (bulk) session.once('connect', () => session.setLocalWindowSize(GRPC_WINDOW_BYTES));
  const forget = () => {
    if (sessions.get(key) === session) sessions.delete(key);
  };
  // Failures reach the streams; the session's own error event must not crash the process.
  session.on('error', forget);
  session.on('goaway', forget);
  session.on('close', forget);
  // An idle session must not keep a CLI (bench, tests) alive; a call in flight must (see `call`).
  session.unref();
  sessions.set(key, session);
  return session;
}

const inFlight = new WeakMap<http2.ClientHttp2Session, number>();

function track(session: http2.ClientHttp2Session, delta: 1 | -1): void {
  const count = (inFlight.get(session) ?? 0) + delta;
  inFlight.set(session, count);
  if (session.destroyed) return;
  if (count === 1 && delta === 1) session.ref();
  if (count === 0) session.unref();
}

type Named = Pick<GrpcRequest, 'source' | 'url'>;

function failure(req: Named, kind: UpstreamError['kind'], message: string): UpstreamError {
  return new UpstreamError(message, { source: req.source, kind, url: redactUrl(req.url) });
}

function statusError(req: Named, code: number, message: string): UpstreamError {
  const name = CODE_NAMES[code] ?? 'UNKNOWN';
  const text = `${req.source} answered gRPC ${name}${message ? `: ${message}` : ''}`;
  if (code === DEADLINE_EXCEEDED) return failure(req, 'timeout', text);
  if (code === UNAVAILABLE) return failure(req, 'unreachable', text);
  return failure(req, 'http', text);
}

function grpcMessage(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  try {
    return decodeURIComponent(raw).slice(0, 512);
  } catch {
    return raw.slice(0, 512);
  }
}

/**
 * Cuts complete length-prefixed messages off the front of the bytes received so far, handing
 * each to `take`; returns the unfinished rest. Compressed messages are refused (none is asked).
 */
function takeMessages(pending: Buffer, req: Named, take: (message: Buffer) => void): Buffer {
  let at = 0;
  while (pending.length - at >= 5) {
    if (pending[at] !== 0) {
      throw failure(req, 'bad_response', `${req.source} sent a compressed message`);
    }
    const end = at + 5 + pending.readUInt32BE(at + 1);
    if (end > pending.length) break;
    take(pending.subarray(at + 5, end));
    at = end;
  }
  return pending.subarray(at);
}

/**
 * Holds the bytes of an unfinished message until it is complete: a trace of 40,000 spans comes
 * as one 17 MB message in hundreds of chunks, which are joined once rather than on every chunk.
 */
class Unframer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes needed before a message can be complete: a header, then the header's length. */
  private needed = 5;

  constructor(
    private readonly req: Named,
    private readonly take: (message: Buffer) => void,
  ) {}

  get pending(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.needed) return;
    const joined = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.buffered);
    const rest = takeMessages(joined, this.req, this.take);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    this.needed = rest.length >= 5 ? 5 + rest.readUInt32BE(1) : 5;
  }
}

/** Hands on each message's bytes as they come (`GrpcRequest.parts`), holding only a header. */
class PartUnframer {
  private readonly header = Buffer.alloc(5);
  private headerBytes = 0;
  /** Bytes left of the message being received; -1 between messages. */
  private remaining = -1;

  constructor(
    private readonly req: Named,
    private readonly parts: MessageParts,
  ) {}

  get pending(): number {
    return this.headerBytes + Math.max(0, this.remaining);
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const n = Math.min(5 - this.headerBytes, chunk.length - at);
        chunk.copy(this.header, this.headerBytes, at, at + n);
        this.headerBytes += n;
        at += n;
        if (this.headerBytes < 5) return;
        if (this.header[0] !== 0)
          throw failure(this.req, 'bad_response', `${this.req.source} sent a compressed message`);
        this.headerBytes = 0;
        this.remaining = this.header.readUInt32BE(1);
      } else {
        const n = Math.min(this.remaining, chunk.length - at);
        this.parts.part(chunk.subarray(at, at + n));
        at += n;
        this.remaining -= n;
      }
      if (this.remaining === 0) {
        this.remaining = -1;
        this.parts.end();
      }
    }
  }
}

function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

interface Delivery {
  /** Whether any message reached `onMessage`: a failed call is then not retried. */
  delivered: boolean;
}

function call(req: GrpcRequest, signal: AbortSignal, delivery: Delivery): Promise<GrpcStatus> {
  const url = new URL(req.url);
  const take = (message: Buffer) => {
    delivery.delivered = true;
    req.onMessage?.(message);
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const session = sessionFor(url.origin, req.bulk === true);
    track(session, 1);
    const stream = session.request({
      ':method': 'POST',
      ':path': `${url.pathname.replace(/\/+$/, '')}${req.method}`,
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': `${req.timeoutMs}m`,
      'grpc-accept-encoding': 'identity',
    });
    const settle = (error: unknown, status?: number) => {
      if (settled) return;
      settled = true;
      track(session, -1);
      signal.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(error);
      } else resolve(status!);
    };
    const onAbort = () => settle(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();

    const unframer = req.parts
      ? new PartUnframer(req, {
          part: (bytes) => {
            delivery.delivered = true;
            req.parts!.part(bytes);
          },
          end: req.parts.end,
        })
      : new Unframer(req, take);
    let total = 0;
    let httpStatus = 0;
    let grpcStatus: string | undefined;
    let grpcText: unknown;
    stream.on('response', (headers) => {
      httpStatus = Number(headers[':status'] ?? 0);
      // A "trailers-only" answer (an error before any message) carries the status here.
      if (headers['grpc-status'] !== undefined) {
        grpcStatus = String(headers['grpc-status']);
        grpcText = headers['grpc-message'];
      }
    });
    stream.on('trailers', (trailers) => {
      grpcStatus = String(trailers['grpc-status'] ?? '');
      grpcText = trailers['grpc-message'];
    });
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.byteLength;
      if (total > req.maxBytes) {
        settle(failure(req, 'too_large', `${req.source} answered more than ${req.maxBytes} bytes`));
        return;
      }
      try {
        unframer.push(chunk);
      } catch (error) {
        settle(error);
      }
    });
    stream.on('error', (error) => settle(error));
    stream.on('end', () => {
      if (httpStatus !== 200) {
        settle(failure(req, 'http', `${req.source} answered HTTP ${httpStatus} to a gRPC call`));
        return;
      }
      const code = Number(grpcStatus);
      if (grpcStatus === undefined || grpcStatus === '' || !Number.isInteger(code)) {
        settle(failure(req, 'bad_response', `${req.source} ended a gRPC call without a status`));
      } else if (code !== 0 && code !== GRPC_NOT_FOUND) {
        settle(statusError(req, code, grpcMessage(grpcText)));
      } else if (unframer.pending) {
        settle(failure(req, 'bad_response', `${req.source} sent a gRPC message cut short`));
      } else settle(undefined, code);
    });
    stream.end(frame(req.message));
  });
}

async function attempt(req: GrpcRequest, delivery: Delivery): Promise<GrpcStatus> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  try {
    return await call(req, signal, delivery);
  } catch (error) {
    throw classify(error, req, deadline);
  }
}

/** A server-streaming call: its status once every message went to `onMessage`, or an UpstreamError. */
export async function grpcServerStream(req: GrpcRequest): Promise<GrpcStatus> {
  const delivery: Delivery = { delivered: false };
  try {
    return await attempt(req, delivery);
  } catch (error) {
    // A kept session the server closed meanwhile fails the first call; a fresh one is tried once,
    // unless part of the answer was already handed on.
    if (
      error instanceof UpstreamError &&
      error.kind === 'unreachable' &&
      !req.signal?.aborted &&
      !delivery.delivered
    ) {
      return attempt(req, delivery);
    }
    throw error;
  }
}
