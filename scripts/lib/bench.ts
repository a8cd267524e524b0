/**
 * Shared pieces of the benchmark scripts: a console to measure (an existing one at SPARKWATCH_URL,
 * or a production build started on a free port), timing and percentiles.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { decoded } from '@/lib/http/encoding';
import { GRPC_WINDOW_BYTES } from '@/lib/http/grpc-window';
import { freePort } from './serve';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Closes the kept-alive backend connections so the script can exit. */
export function disconnect(): void {
  for (const session of grpcSessions.values()) session.close();
  agent.destroy();
}

export interface RunningConsole {
  url: string;
  stop: () => void;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`console did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * What the checkout holds now (commit and uncommitted changes), so a build of other sources is
 * never measured: the bench build is remade when this changes.
 */
function sourceStamp(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });
  return createHash('sha256')
    .update(git('rev-parse', 'HEAD'))
    .update(git('diff', 'HEAD'))
    .update(git('status', '--porcelain'))
    .digest('hex');
}

/**
 * Uses SPARKWATCH_URL if set; otherwise builds into .next-bench (again whenever the sources
 * changed since the last build) and starts the console.
 */
export async function startConsole(): Promise<RunningConsole> {
  const given = process.env.SPARKWATCH_URL;
  if (given) return { url: given.replace(/\/+$/, ''), stop: () => undefined };
  const env = { ...process.env, NEXT_DIST_DIR: '.next-bench', NEXT_TELEMETRY_DISABLED: '1' };
  const stampFile = '.next-bench/.sources';
  const stamp = sourceStamp();
  const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (!existsSync('.next-bench/BUILD_ID') || built !== stamp || process.env.BENCH_REBUILD) {
    console.log('building the console into .next-bench …');
    execFileSync('npx', ['next', 'build'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stampFile, stamp);
  }
  const port = await freePort();
  const child: ChildProcess = spawn('bash', ['scripts/serve.sh'], {
    // The benchmarks time the routes' own work against the backends, without signing in (a
    // session cookie costs one AES-GCM decryption a request). AUTH_MODE=none is explicit here.
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', AUTH_MODE: 'none' },
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  try {
    await waitFor(`${url}/api/health`, 60_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}

export async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await task();
  return { ms: performance.now() - started, value };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function describe(label: string, values: number[]): string {
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${label.padEnd(34)} p50 ${f(percentile(values, 50))} ms   p95 ${f(percentile(values, 95))} ms   n=${values.length}`;
}

/**
 * A direct backend call as lean as the console's own (lib/http/upstream.ts): node:http over
 * kept-alive connections, the same encoding (plain, as UPSTREAM_COMPRESSION's default; gzip when
 * BENCH_COMPRESSED=1), body drained as text. Fails on non-2xx so a broken endpoint never looks
 * fast.
 */
export async function get(url: string, init: RequestOptions = {}): Promise<string> {
  return (await request(url, init)).text;
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** `get` with the answer's headers (the console's `Server-Timing`, say). */
export function request(
  url: string,
  init: RequestOptions = {},
): Promise<{ text: string; headers: http.IncomingHttpHeaders }> {
  const compressed = process.env.BENCH_COMPRESSED === '1';
  const headers = {
    'accept-encoding': compressed ? 'gzip, deflate, br' : 'identity',
    ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }),
    ...init.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      { method: init.method ?? 'GET', headers, agent },
      (response) => {
        const body = decoded(response);
        const chunks: Buffer[] = [];
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('error', reject);
        body.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300)
            reject(new Error(`${url} answered ${status}: ${text.slice(0, 200)}`));
          else resolve({ text, headers: response.headers });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

const grpcSessions = new Map<string, http2.ClientHttp2Session>();

/**
 * A direct gRPC server-streaming call, as lean as the console's (lib/http/grpc.ts): kept-open
 * HTTP/2 sessions per server, the request framed, the answer's bytes drained. A trace by id goes
 * over a session with the console's bulk windows (grpc-window.ts), searches over one with
 * HTTP/2's defaults, as the console's do. Fails unless the status is OK, so a broken call never
 * looks fast.
 */
export function grpcCall(origin: string, method: string, message: Uint8Array): Promise<Buffer> {
  const bulk = method.endsWith('/GetTrace');
  const key = `${bulk ? 'bulk ' : ''}${origin}`;
  let session = grpcSessions.get(key);
  if (!session || session.closed || session.destroyed) {
    const opened = bulk
      ? http2.connect(origin, { settings: { initialWindowSize: GRPC_WINDOW_BYTES } })
      : http2.connect(origin);
    if (bulk) opened.once('connect', () => opened.setLocalWindowSize(GRPC_WINDOW_BYTES));
    opened.on('error', () => grpcSessions.delete(key));
    grpcSessions.set(key, opened);
    session = opened;
  }
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': method,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let status: unknown;
    stream.on('response', (headers) => (status = headers['grpc-status']));
    stream.on('trailers', (trailers) => (status = trailers['grpc-status']));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () =>
      String(status) === '0'
        ? resolve(Buffer.concat(chunks))
        : reject(new Error(`${origin}${method} answered gRPC status ${String(status)}`)),
    );
    stream.end(framed);
  });
}

/** One entry of the console's `Server-Timing` (the handler's time, or a backend's), in ms. */
export function serverTimingMs(header: unknown, entry = 'handler'): number {
  const match = new RegExp(`(?:^|,\\s*)${entry};dur=([\\d.]+)`).exec(String(header ?? ''));
  return match ? Number(match[1]) : Number.NaN;
}
