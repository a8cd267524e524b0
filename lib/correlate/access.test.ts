import { beforeEach, describe, expect, it } from 'vitest';
import { replayBackends, type ReplayedRequest } from '@/lib/http/replay';

// A team's scope reaches every backend as part of the query itself, not only as a filter on the
// answers: the replay records what the console sends for a team-A caller's list of apps.
const replay = replayBackends();

const json = (body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { headers: { 'x-elastic-product': 'Elasticsearch', ...headers } });

function answer(request: ReplayedRequest): Response {
  const path = request.url.pathname;
  if (path === '/api/v1/query_range')
    return json({ status: 'success', data: { resultType: 'matrix', result: [] } });
  if (path === '/api/v1/query')
    return json({ status: 'success', data: { resultType: 'vector', result: [] } });
  if (path.endsWith('/_search'))
    return json({ hits: { hits: [] }, aggregations: { apps: { buckets: [] } } });
  if (path === '/api/services') return json({ data: ['team-a-etl', 'team-b-etl'] });
  if (path === '/') return new Response('JAEGER_VERSION = {"gitVersion":"v2.13.0"};');
  if (path.startsWith('/api/v3/traces')) return json({ result: { resourceSpans: [] } });
  if (path === '/api/traces') return json({ data: [] });
  if (path === '/api/v2/alerts') return json([]);
  return json({ unexpected: path }, {});
}

beforeEach(() => replay.answer(answer));

describe("a team's scope in the queries", () => {
  it('constrains Prometheus selectors, Elasticsearch searches and Jaeger services', async () => {
    const { listApps } = await import('./apps');
    const now = Date.now();
    const scope = { all: false as const, patterns: ['team-a-*'] };
    await listApps({ from: now - 3600_000, to: now }, AbortSignal.timeout(10_000), scope);
    const promql = replay.calls
      .filter((c) => c.url.pathname.startsWith('/api/v1/query'))
      .map((c) => new URLSearchParams(c.body || c.url.search).get('query') ?? '');
    expect(promql.length).toBeGreaterThan(0);
    for (const query of promql) expect(query).toContain('app_name=~"team\\\\-a\\\\-.*"');
    const searches = replay.calls.filter((c) => c.url.pathname.endsWith('/_search'));
    expect(searches).toHaveLength(1);
    expect(JSON.parse(searches[0]?.body ?? '{}').query.bool.filter).toContainEqual({
      bool: { should: [{ wildcard: { appName: { value: 'team-a-*' } } }], minimum_should_match: 1 },
    });
    const services = replay.calls
      .filter((c) => c.url.pathname.includes('traces'))
      .map(
        (c) => c.url.searchParams.get('service') ?? c.url.searchParams.get('query.service_name'),
      );
    expect(services).toContain('team-a-etl');
    expect(services).not.toContain('team-b-etl');
  });
});
