import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError, redactUrl } from './errors';
import { parseJson, upstreamFetch } from './upstream';

// A local HTTP server exercising the transport itself (deadlines, size caps, retries);
// backend behaviour is tested against the real backends in the integration suite.
let server: Server;
let base: string;
let flaky = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('{}'), 2_000);
    } else if (req.url === '/big') {
      res.end('x'.repeat(10_000));
    } else if (req.url === '/garbage') {
      res.end('<html>oops</html>');
    } else if (req.url === '/encoding') {
      res.end(JSON.stringify({ encoding: req.headers['accept-encoding'] ?? null }));
    } else if (req.url === '/gzip') {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(JSON.stringify({ inflated: true })));
    } else if (req.url === '/chunked-big') {
      // No content-length: the cap must hold while reading.
      for (let i = 0; i < 10; i += 1) res.write('y'.repeat(500));
      res.end();
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://192.0.2.1/elsewhere' }).end();
    } else if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 20);
    } else if (req.url === '/flaky') {
      flaky += 1;
      res.statusCode = flaky === 1 ? 503 : 200;
      res.end(JSON.stringify({ attempt: flaky }));
    } else {
      res.end(JSON.stringify({ ok: true }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (path: string, extra: Partial<Parameters<typeof upstreamFetch>[0]> = {}) =>
  upstreamFetch({
    source: 'test',
    url: `${base}${path}`,
    timeoutMs: 500,
    maxBytes: 1_000,
    ...extra,
  });

describe('upstreamFetch', () => {
  it('returns status, body and timing', async () => {
    const response = await call('/ok');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ ok: true });
    expect(response.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('shows a reader the chunks as they come, and keeps the text whole', async () => {
    const seen: string[] = [];
    const watching = await call('/chunked-big', {
      maxBytes: 10_000,
      reader: () => ({ write: (chunk) => seen.push(chunk.toString()) }),
    });
    expect(seen.join('')).toBe('y'.repeat(5_000));
    expect(watching.text).toBe('y'.repeat(5_000));
  });

  it('asks for plain answers unless compression is wanted', async () => {
    expect(JSON.parse((await call('/encoding')).text)).toEqual({ encoding: 'identity' });
    const compressed = JSON.parse((await call('/encoding', { compressed: true })).text) as {
      encoding: string;
    };
    expect(compressed.encoding).toContain('gzip');
  });

  it('inflates a gzip answer when compression is wanted', async () => {
    const response = await call('/gzip', { compressed: true });
    expect(JSON.parse(response.text)).toEqual({ inflated: true });
  });

  it('refuses a redirect instead of following it elsewhere', async () => {
    await expect(call('/redirect')).rejects.toMatchObject({ kind: 'http', status: 302 });
  });

  it('reports an answer cut short as unreachable', async () => {
    await expect(call('/cut')).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('fails with a timeout error past its deadline', async () => {
    await expect(call('/slow')).rejects.toMatchObject({ kind: 'timeout', source: 'test' });
  });

  it('refuses bodies over the size cap, declared or streamed', async () => {
    await expect(call('/big')).rejects.toMatchObject({ kind: 'too_large' });
    await expect(call('/chunked-big')).rejects.toMatchObject({ kind: 'too_large' });
  });

  it('reports an unreachable backend with its reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await upstreamFetch({
      source: 'test',
      url: `http://127.0.0.1:${port}/x`,
      timeoutMs: 500,
      maxBytes: 100,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('test is unreachable (ECONNREFUSED)');
  });

  it('retries an idempotent read once after a 503', async () => {
    const response = await call('/flaky', { retry: true });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ attempt: 2 });
  });

  it('honours the caller cancelling', async () => {
    const controller = new AbortController();
    const pending = call('/slow', { signal: controller.signal, timeoutMs: 5_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('turns a non-JSON body into a bad_response with an excerpt', async () => {
    const req = { source: 'test', url: `${base}/garbage` };
    const response = await call('/garbage');
    expect(() => parseJson(req, response)).toThrow(/not JSON/);
  });
});

describe('redactUrl', () => {
  it('drops credentials and secret parameters', () => {
    expect(redactUrl('http://user:pw@host:9200/x?api_key=s3cret&q=1')).toBe(
      'http://host:9200/x?api_key=REDACTED&q=1',
    );
  });
});
