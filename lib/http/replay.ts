import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, vi } from 'vitest';

/** What a replayed request looked like on the wire. */
export interface ReplayedRequest {
  url: URL;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReplayHandler = (request: ReplayedRequest) => Response | Promise<Response>;

export interface Replay {
  /** Base URL to give the code under test as a backend URL. */
  url: string;
  /** Every request received since the last `answer()`, in order. */
  calls: ReplayedRequest[];
  /** Sets how the next requests are answered (a recorded response, usually) and clears `calls`. */
  answer: (handler: ReplayHandler) => void;
  close: () => Promise<void>;
}

/** The environment variables naming the console's backends (lib/config.ts). */
export const BACKEND_URL_VARIABLES = [
  'PROMETHEUS_URL',
  'ALERTMANAGER_URL',
  'ELASTICSEARCH_URL',
  'JAEGER_URL',
  'JAEGER_GRPC_URL',
  'SPARK_HISTORY_URL',
] as const;

const unanswered: ReplayHandler = () =>
  new Response('{"error":"no recorded answer for this request"}', { status: 500 });

/**
 * Recorded backend answers served over real HTTP on an ephemeral local port, for unit tests: the
 * code under test goes through its real transport (lib/http/upstream.ts or the Elasticsearch
 * client) and the test sees exactly what was sent. Not a backend: it only replays what a test
 * hands it, usually a fixture recorded from the real one.
 */
export async function startReplay(): Promise<Replay> {
  let handler = unanswered;
  const calls: ReplayedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const request: ReplayedRequest = {
        url: new URL(incoming.url ?? '/', 'http://replay.local'),
        method: incoming.method ?? 'GET',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      calls.push(request);
      // A handler that throws is a broken test: answer so the code under test does not hang.
      const response = await Promise.resolve()
        .then(() => handler(request))
        .catch((error: unknown) => Response.json({ error: String(error) }, { status: 500 }));
      const body = Buffer.from(await response.arrayBuffer());
      // The handler's headers go out as given (the Elasticsearch client checks its product
      // header), with the length of the body actually sent.
      outgoing.writeHead(response.status, {
        'content-type': 'application/json',
        ...Object.fromEntries(response.headers),
        'content-length': body.byteLength,
      });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answer: (next) => {
      handler = next;
      calls.length = 0;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For a test file: a replay started before its tests with every backend URL of the console
 * pointing at it (set before the code under test first reads its configuration), closed after.
 */
export function replayBackends(): Omit<Replay, 'close'> {
  let replay: Replay | undefined;
  const current = () => {
    if (!replay) throw new Error('replayBackends(): the replay starts in beforeAll');
    return replay;
  };
  beforeAll(async () => {
    replay = await startReplay();
    for (const name of BACKEND_URL_VARIABLES) vi.stubEnv(name, replay.url);
    // The replay speaks HTTP/1.1 only: trace searches take Jaeger's HTTP API (lib/http/grpc.ts
    // has its own tests).
    vi.stubEnv('JAEGER_GRPC_URL', 'none');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await replay?.close();
  });
  return {
    get url() {
      return current().url;
    },
    get calls() {
      return current().calls;
    },
    answer: (handler) => current().answer(handler),
  };
}
