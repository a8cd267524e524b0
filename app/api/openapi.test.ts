import path from 'node:path';
import { filesNamed } from '@/lib/testing/files';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import { openApiDocument } from '@/lib/api/openapi';
import { encodeCursor } from '@/lib/sources/elasticsearch/logs';
import { BACKEND_URL_VARIABLES } from '@/lib/http/replay';

// The document and the routes must not drift: every route file is documented, and every
// documented query parameter is accepted by its route (never "unknown parameter").
const ROOT = __dirname;

const routeFiles = (dir: string) => filesNamed(dir, 'route.ts');

const apiPath = (file: string) =>
  `/api/${path.relative(ROOT, path.dirname(file)).split(path.sep).join('/')}`.replace(
    /\[(\w+)\]/g,
    '{$1}',
  );

const samples: Record<string, string> = {
  appId: 'app-20261125010400-0000',
  appName: 'miaradia-streaming',
  stageId: '3',
  stages: '3.0,4.1',
  batchId: '642',
  jobId: '642',
  traceId: 'f4442385e6f67e7826942fa2b141cf08',
  executorId: '1',
  level: 'ERROR,WARN',
  q: '"Lost executor"',
  from: '1795568640000',
  to: '2026-11-25T03:04:00Z',
  limit: '10',
  buckets: '10',
  width: '300',
  before: '5',
  after: '5',
  at: '1795570000000',
  fingerprint: '40625df97d87fc29',
  id: '77451949d8bc6c9eb78442de',
  alert: '40625df97d87fc29',
  status: 'mitigated',
  format: 'html',
};
// Where one name means another id in another route.
const samplesOf: Record<string, Record<string, string>> = {
  '/api/incidents/{id}': { id: 'kW3v0bnJx2Yq8d5cLr9TAg' },
};
const sample = (p: string, key: string) =>
  samplesOf[p]?.[key] ?? samplesOf[p.replace(/\/[a-z]+$/, '')]?.[key] ?? samples[key] ?? '';

// No backend answers: every backend points where nothing listens, so a route gets as far as its
// backends and then reports them down, which is not a 400.
beforeAll(() => {
  for (const name of BACKEND_URL_VARIABLES) vi.stubEnv(name, 'http://127.0.0.1:9');
  // A cursor is signed with the configuration's key: make one once the configuration is set.
  vi.stubEnv('SPARKWATCH_SECRET', 'openapi-test-secret-of-at-least-32-characters');
  samples.cursor = encodeCursor({ after: [1795568710863] });
});
afterAll(() => {
  vi.unstubAllEnvs();
});

type Parameter = { name: string; in: string; required?: boolean };
const documented = Object.entries(openApiDocument.paths) as [
  string,
  Record<string, { parameters?: readonly Parameter[] }>,
][];

describe('OpenAPI document', () => {
  it('documents every route under app/api', () => {
    const routes = routeFiles(ROOT).map(apiPath).sort();
    expect(routes.length).toBeGreaterThan(8);
    expect(routes).toEqual(documented.map(([p]) => p).sort());
  });

  const cases = documented.flatMap(([p, ops]) =>
    (ops.get?.parameters ?? [])
      .filter((x) => x.in === 'query')
      .map((x) => [p, x.name, ops.get?.parameters ?? []] as const),
  );

  it.each(cases)('%s accepts its documented parameter %s', async (p, name, parameters) => {
    const file = path.join(ROOT, p.slice('/api/'.length).replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
    const route = (await import(file)) as { GET: (r: Request, c: unknown) => Promise<Response> };
    const search = new URLSearchParams({ [name]: samples[name] ?? '' });
    for (const x of parameters)
      if (x.in === 'query' && x.required) search.set(x.name, samples[x.name] ?? '');
    const pathParams = Object.fromEntries(
      [...p.matchAll(/\{(\w+)\}/g)].map(([, key]) => [key, sample(p, key ?? '')]),
    );
    const url = p.replace(/\{(\w+)\}/g, (_, key: string) => sample(p, key));
    const response = await route.GET(signedIn(`http://console.test${url}?${search}`), {
      params: Promise.resolve(pathParams),
    });
    // Sign-in routes answer with redirects, without a body.
    const body = (
      response.headers.get('content-type')?.includes('json') ? await response.json() : {}
    ) as { error?: { param?: string; message?: string } };
    expect(response.status, JSON.stringify(body)).not.toBe(400);
  });
});
