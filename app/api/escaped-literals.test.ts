import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';

// Valid but hostile-looking input reaches the backends only as an escaped literal. One local HTTP
// server stands in for all four backends, records every request and answers with recorded
// responses, so the test sees exactly what the console sends.
interface Recorded {
  path: string;
  params: URLSearchParams;
  body: string;
}
const recorded: Recorded[] = [];
let server: Server;

const fixture = (backend: string, name: string) =>
  readFileSync(path.join(__dirname, '../../lib/sources', backend, 'fixtures', name), 'utf8');

function answer(request: IncomingMessage, url: URL): [number, string] {
  if (url.pathname.endsWith('/_search'))
    return [200, fixture('elasticsearch', 'elasticsearch.search.stage-filter.json')];
  if (url.pathname === '/_msearch')
    return [200, fixture('elasticsearch', 'elasticsearch.msearch.volume-and-lost.json')];
  if (url.pathname === '/') return [200, 'JAEGER_VERSION = {"gitVersion":"v2.13.0"};'];
  if (url.pathname === '/api/traces')
    return [200, fixture('jaeger', 'jaeger.api-traces.stage-filter.json')];
  if (url.pathname === '/api/services') return [200, '{"data":["miaradia-streaming","jaeger"]}'];
  if (url.pathname.startsWith('/api/v3/'))
    return [404, fixture('jaeger', 'jaeger.v3-traces.empty.json')];
  if (url.pathname === '/api/v1/query_range')
    return [200, '{"status":"success","data":{"resultType":"matrix","result":[]}}'];
  if (url.pathname === '/api/v2/alerts') return [200, '[]'];
  return [404, `{"unexpected":"${request.method} ${url.pathname}"}`];
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://backend.test');
    recorded.push({
      path: url.pathname,
      params: url.searchParams,
      body: Buffer.concat(chunks).toString(),
    });
    const [status, body] = answer(request, url);
    response.writeHead(status, {
      'content-type': 'application/json',
      // The Elasticsearch client refuses servers that do not say they are Elasticsearch.
      'x-elastic-product': 'Elasticsearch',
    });
    response.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const name of ['PROMETHEUS_URL', 'ALERTMANAGER_URL', 'ELASTICSEARCH_URL', 'JAEGER_URL'])
    vi.stubEnv(name, base);
  // Trace searches over HTTP, where attributes travel as text; over gRPC they are a protobuf map
  // (lib/sources/jaeger/otlp-proto.test.ts).
  vi.stubEnv('JAEGER_GRPC_URL', 'none');
  vi.resetModules();
});
afterAll(() => {
  vi.unstubAllEnvs();
  server.close();
});

const APP = 'app-20261125010400-0000';
const WINDOW = 'from=1795568640000&to=1795575840000';
const req = (p: string) => signedIn(`http://console.test${p}`);
const since = (n: number) => recorded.slice(n);

describe('input that is valid but hostile-looking', () => {
  it('free text with DSL and Lucene break-outs travels only inside simple_query_string', async () => {
    const { GET } = await import('./logs/route');
    const text = '"}}]},"query":{"match_all":{}} OR level:* AND _id:(*)';
    const n = recorded.length;
    const response = await GET(
      req(`/api/logs?appId=${APP}&stageId=3&q=${encodeURIComponent(text)}&${WINDOW}`),
      undefined as never,
    );
    expect(response.status).toBe(200);
    const calls = since(n);
    expect(calls.map((c) => c.path)).toEqual(['/spark-logs-*/_search']);
    const body = JSON.parse(calls[0]?.body ?? '{}') as {
      query: { bool: { filter: object[]; must: { simple_query_string: { query: string } }[] } };
    };
    expect(body.query.bool.must).toHaveLength(1);
    expect(body.query.bool.must[0]?.simple_query_string.query).toBe(text);
    expect(body.query.bool.filter).toContainEqual({ term: { appId: APP } });
    expect(body.query.bool.filter).toContainEqual({ term: { stageId: '3' } });
    expect(calls[0]?.body.split(text.slice(0, 8)).length).toBe(1);
  });

  it('span attributes go to Jaeger as one JSON string map, ids as strings', async () => {
    const { GET } = await import('./traces/route');
    const n = recorded.length;
    const response = await GET(
      req(`/api/traces?appId=${APP}&appName=miaradia-streaming&stageId=1284&${WINDOW}`),
      undefined as never,
    );
    expect(response.status).toBe(200);
    const search = since(n)
      .filter((c) => c.path === '/api/traces')
      .at(-1);
    expect(JSON.parse(search?.params.get('tags') ?? '')).toEqual({
      'spark.app.id': APP,
      'spark.stage.id': '1284',
    });
    expect(search?.params.get('service')).toBe('miaradia-streaming');
  });

  it('the app id reaches PromQL and Alertmanager matchers only as a quoted literal', async () => {
    const { GET } = await import('./apps/[appId]/timeline/route');
    const n = recorded.length;
    const response = await GET(req(`/api/apps/x/timeline?${WINDOW}&width=200`), {
      params: Promise.resolve({ appId: APP }),
    });
    expect(response.status).toBe(200);
    const calls = since(n);
    const queries = calls
      .filter((c) => c.path === '/api/v1/query_range')
      .map((c) => c.params.get('query') ?? '');
    expect(queries.length).toBeGreaterThan(5);
    for (const query of queries) {
      expect(query).toContain(`app_id="${APP}"`);
      expect(query).not.toMatch(/=~/);
    }
    const filters = calls
      .filter((c) => c.path === '/api/v2/alerts')
      .flatMap((c) => c.params.getAll('filter'));
    expect(filters).toEqual([`app_id="${APP}"`]);
    const searches = calls
      .filter((c) => c.path === '/_msearch')
      .flatMap((c) => c.body.trim().split('\n'))
      .map((line) => JSON.parse(line) as { query?: { bool: { filter: object[] } } })
      .filter((line) => line.query);
    expect(searches).toHaveLength(2);
    for (const search of searches) {
      expect(search.query?.bool.filter).toContainEqual({ term: { appId: APP } });
    }
  });
});
