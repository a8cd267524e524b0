import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from './errors';
import { type GrpcRequest, grpcServerStream } from './grpc';

// A local HTTP/2 server that answers each call as the test says: the recorded answer of Jaeger's
// gRPC FindTraces (3 traces, framed as on the wire), or a failure made to order.
const recorded = readFileSync(
  `${__dirname}/../sources/jaeger/fixtures/jaeger.grpc-find-traces.error-batch.bin`,
);

type Answer = (stream: http2.ServerHttp2Stream, body: Buffer) => void;

let answer: Answer = () => undefined;
let server: http2.Http2Server;
let url = '';
let lastHeaders: http2.IncomingHttpHeaders = {};
const sessions = new Set<http2.ServerHttp2Session>();

beforeAll(async () => {
  server = http2.createServer();
  server.on('session', (session) => sessions.add(session));
  server.on('stream', (stream, headers) => {
    lastHeaders = headers;
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => answer(stream, Buffer.concat(chunks)));
    stream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  // The client keeps its session open for the next call; the server closes it.
  for (const session of sessions) session.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ok = { ':status': 200, 'content-type': 'application/grpc' };

/** The recorded answer in chunks of `size` bytes, then the OK trailers. */
const streamed =
  (size: number, bytes = recorded): Answer =>
  (stream) => {
    stream.respond(ok, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    for (let at = 0; at < bytes.length; at += size) stream.write(bytes.subarray(at, at + size));
    stream.end();
  };

const call = (overrides: Partial<GrpcRequest> = {}) =>
  grpcServerStream({
    source: 'jaeger',
    url,
    method: '/jaeger.api_v3.QueryService/FindTraces',
    message: Uint8Array.from([0x0a, 0x00]),
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    onMessage: () => undefined,
    ...overrides,
  });

/** The sizes of the messages a call hands on, once it ended with OK. */
async function messageSizes(): Promise<number[]> {
  const sizes: number[] = [];
  expect(await call({ onMessage: (m) => sizes.push(m.length) })).toBe(0);
  return sizes;
}

async function failure(overrides: Partial<GrpcRequest> = {}): Promise<UpstreamError> {
  const error = await call(overrides).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('grpcServerStream', () => {
  it('sends one framed message and hands on each answer message as it completes', async () => {
    let received: Buffer = Buffer.alloc(0);
    answer = (stream, body) => {
      received = body;
      streamed(1000)(stream, body);
    };
    const sizes = await messageSizes();
    expect([...received]).toEqual([0, 0, 0, 0, 2, 0x0a, 0x00]);
    expect(lastHeaders['content-type']).toBe('application/grpc');
    expect(lastHeaders['grpc-timeout']).toBe('2000m');
    expect(sizes).toHaveLength(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(recorded.length - 3 * 5);

    answer = streamed(7);
    expect(await messageSizes()).toEqual(sizes);
  });

  it('hands on each message in parts as they arrive, then its end (parts)', async () => {
    const whole: Buffer[] = [];
    answer = streamed(1000);
    await call({ onMessage: (m) => whole.push(Buffer.from(m)) });
    for (const size of [1, 7, 4096]) {
      answer = streamed(size);
      const messages: Buffer[] = [];
      let current: Buffer[] = [];
      let parts = 0;
      const status = await call({
        parts: {
          part: (bytes) => {
            parts += 1;
            current.push(Buffer.from(bytes));
          },
          end: () => {
            messages.push(Buffer.concat(current));
            current = [];
          },
        },
      });
      expect(status).toBe(0);
      expect(messages).toEqual(whole);
      // HTTP/2 may join small writes; still, messages arrive in more parts than there are messages.
      expect(parts).toBeGreaterThan(messages.length);
    }

    answer = streamed(4096, recorded.subarray(0, recorded.length - 10));
    const cut = await failure({ parts: { part: () => undefined, end: () => undefined } });
    expect(cut.message).toBe('jaeger sent a gRPC message cut short');
  });

  it('reports a gRPC status other than OK with its name and message', async () => {
    answer = (stream) =>
      stream.respond(
        { ...ok, 'grpc-status': '3', 'grpc-message': 'start%20time%20min%20required' },
        { endStream: true },
      );
    const invalid = await failure();
    expect(invalid.kind).toBe('http');
    expect(invalid.message).toBe('jaeger answered gRPC INVALID_ARGUMENT: start time min required');

    answer = (stream) => stream.respond({ ...ok, 'grpc-status': '14' }, { endStream: true });
    expect((await failure()).kind).toBe('unreachable');

    answer = (stream) => stream.respond({ ...ok, 'grpc-status': '5' }, { endStream: true });
    const handed: Buffer[] = [];
    expect(await call({ onMessage: (m) => handed.push(m) })).toBe(5);
    expect(handed).toEqual([]);

    answer = (stream) => stream.respond({ ':status': 404 }, { endStream: true });
    expect((await failure()).message).toBe('jaeger answered HTTP 404 to a gRPC call');
  });

  it('refuses answers over the size cap, cut short, compressed or without a status', async () => {
    answer = streamed(4096);
    expect((await failure({ maxBytes: 5000 })).kind).toBe('too_large');

    answer = streamed(4096, recorded.subarray(0, recorded.length - 10));
    expect((await failure()).message).toBe('jaeger sent a gRPC message cut short');

    const compressed = Buffer.from(recorded);
    compressed[0] = 1;
    answer = streamed(4096, compressed);
    expect((await failure()).message).toBe('jaeger sent a compressed message');

    answer = (stream) => {
      stream.respond(ok);
      stream.end(recorded);
    };
    expect((await failure()).message).toBe('jaeger ended a gRPC call without a status');
  });

  it('fails a throwing consumer, times out and cancels', async () => {
    answer = streamed(1000);
    const thrown = await call({
      onMessage: () => {
        throw new UpstreamError('unreadable', { source: 'jaeger', kind: 'bad_response', url });
      },
    }).catch((e: unknown) => e);
    expect((thrown as UpstreamError).kind).toBe('bad_response');

    answer = () => undefined; // never answers
    const slow = await failure({ timeoutMs: 150 });
    expect(slow.kind).toBe('timeout');
    expect(slow.message).toBe('jaeger did not answer within 150 ms');

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect((await failure({ signal: controller.signal })).kind).toBe('aborted');
  });

  it('reports a closed port as unreachable', async () => {
    const closed = await failure({ url: 'http://127.0.0.1:9' });
    expect(closed.kind).toBe('unreachable');
  });
});
