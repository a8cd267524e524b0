import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { hasV3AttributeSearch } from './capabilities';
import { apiTracesResponse, modelToSummaries, modelToTraces } from './model';
import { otlpToSpans, v3TraceResponse } from './otlp';
import { tagSearchParams, v3SearchParams } from './http-strategy';
import { groupTraces, summarize, toTrace } from './trace-shape';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));

const APP = 'app-20261125010400-0000';

describe('OTLP JSON (API v3) → domain spans', () => {
  const spans = otlpToSpans(v3TraceResponse.parse(fixture('jaeger.v3-trace.spike-batch.json')));
  const trace = toTrace('f4442385e6f67e7826942fa2b141cf08', spans);

  it('keeps parent links, converts nanoseconds to epoch ms and reads the Spark ids', () => {
    expect(trace.rootName).toBe('batch 642');
    expect(trace.start).toBe(1795575120000);
    expect(trace.durationMs).toBeCloseTo(66225, 3);
    const stage = trace.spans.find((s) => s.name === 'stage 1285');
    const job = trace.spans.find((s) => s.name === 'job 642');
    expect(stage?.parentSpanId).toBe(job?.spanId);
    expect(stage?.start).toBe(1795575163763);
    expect(stage?.spark).toEqual({
      appId: APP,
      appName: 'miaradia-streaming',
      queryName: 'avg_price_per_city',
      batchId: '642',
      jobId: '642',
      stageId: '1285',
    });
  });

  it('reports the error status of the batch that lost an executor', () => {
    const root = trace.spans.find((s) => s.name === 'batch 642');
    expect(root?.status).toBe('error');
    expect(root?.statusMessage).toBe('executor 1 lost during the batch');
    expect(summarize(trace)).toMatchObject({ errorCount: 1, spanCount: 10, spark: { appId: APP } });
  });

  it('reads the Spark ids under the attribute names a mapping gives', () => {
    const renamed = otlpToSpans(
      v3TraceResponse.parse(fixture('jaeger.v3-trace.spike-batch.json')),
      {
        appId: 'spark.app.id',
        appName: 'service.name',
        queryName: 'spark.streaming.query.id',
        batchId: 'spark.streaming.batch.id',
        jobId: 'spark.job.id',
        stageId: 'spark.stage.kind',
      },
    );
    expect(renamed.find((s) => s.name === 'stage 1284')?.spark).toMatchObject({
      queryName: '9202f543-7fe2-454d-a6b5-18bacd8ce0ec',
      stageId: 'ShuffleMapStage',
    });
  });

  it('groups a v3 search answer into one trace per trace id', () => {
    const traces = groupTraces(
      otlpToSpans(v3TraceResponse.parse(fixture('jaeger.v3-traces.first-batches.json'))),
    );
    expect(traces.map((t) => t.rootName).sort()).toEqual(['batch 0', 'batch 1', 'batch 2']);
    for (const t of traces) expect(t.spans.every((s) => s.traceId === t.traceId)).toBe(true);
  });
});

describe('Jaeger /api model → domain spans', () => {
  it('converts microseconds and merges process tags', () => {
    const [spans] = modelToTraces(
      apiTracesResponse.parse(fixture('jaeger.api-traces.stage-filter.json')),
    );
    const planning = spans?.find((s) => s.name === 'queryPlanning');
    expect(planning?.start).toBe(1795575120007);
    expect(planning?.durationMs).toBe(51);
    expect(planning?.service).toBe('miaradia-streaming');
    expect(planning?.parentSpanId).toBe('2fd386987d5d160f');
    expect(planning?.attributes['telemetry.sdk.language']).toBe('python');
  });
});

describe('Jaeger /api model → trace summaries (the list fast path)', () => {
  const slow = (body: ReturnType<typeof apiTracesResponse.parse>) =>
    modelToTraces(body).map((spans) => summarize(toTrace(spans[0]?.traceId ?? '', spans)));

  it('equals building every span and summarising, on a recorded answer', () => {
    const body = apiTracesResponse.parse(fixture('jaeger.api-traces.stage-filter.json'));
    expect(modelToSummaries(body)).toEqual(slow(body));
    expect(modelToSummaries(body)[0]?.spark.appId).toMatch(/^app-/);
  });

  it('equals it on shuffled spans with errors, a lost parent, ties and no app id on the root', () => {
    const body = apiTracesResponse.parse(fixture('jaeger.api-traces.stage-filter.json'));
    const trace = body.data![0]!;
    const spans = [...trace.spans].reverse();
    spans[1] = { ...spans[1]!, tags: [...(spans[1]!.tags ?? []), { key: 'error', value: true }] };
    spans[2] = {
      ...spans[2]!,
      tags: [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }],
      references: [{ refType: 'CHILD_OF', spanID: 'ffffffffffffffff' }],
      startTime: spans.reduce((m, s) => Math.min(m, s.startTime), Infinity),
    };
    const mutated = {
      ...body,
      data: [
        { ...trace, spans },
        {
          ...trace,
          traceID: 'feedfeedfeedfeedfeedfeedfeedfeed',
          processes: Object.fromEntries(
            Object.entries(trace.processes).map(([k, p]) => [k, { ...p, tags: [] }]),
          ),
          spans: trace.spans.map((s) => ({
            ...s,
            traceID: 'feedfeedfeedfeedfeedfeedfeedfeed',
            tags: s.tags?.filter((t) => t.key !== 'spark.app.id') ?? null,
          })),
        },
      ],
    };
    const fast = modelToSummaries(mutated);
    expect(fast).toEqual(slow(mutated));
    expect(fast[0]?.errorCount).toBeGreaterThanOrEqual(2);
    expect(fast[1]?.spark.appId).toBeUndefined();
  });
});

describe('searches built from parts', () => {
  const hostile = { 'spark.app.id': 'x"} OR 1=1', 'spark.stage.id': '3' };
  const search = {
    service: 'miaradia-streaming',
    tags: hostile,
    from: 1795575120000.5,
    to: 1795575180000,
    limit: 20,
  };

  it('API v3: RFC 3339 times and the attributes as one JSON string map', () => {
    const p = v3SearchParams(search);
    expect(p.get('query.start_time_min')).toBe('2026-11-25T02:52:00.000Z');
    expect(p.get('query.num_traces')).toBe('20');
    expect(JSON.parse(p.get('query.attributes') ?? '')).toEqual(hostile);
  });

  it('/api/traces: microseconds widened outward and tags as one JSON string map', () => {
    const p = tagSearchParams(search);
    expect(p.get('start')).toBe('1795575120000500');
    expect(p.get('end')).toBe('1795575180000000');
    expect(JSON.parse(p.get('tags') ?? '')).toEqual(hostile);
    expect([...p.keys()]).toEqual(['service', 'start', 'end', 'limit', 'tags']);
  });

  it('trusts API v3 attribute filtering only from v2.19', () => {
    expect(hasV3AttributeSearch('v2.13.0')).toBe(false);
    expect(hasV3AttributeSearch('v2.18.1')).toBe(false);
    expect(hasV3AttributeSearch('v2.19.0')).toBe(true);
    expect(hasV3AttributeSearch('v3.0.0')).toBe(true);
    expect(hasV3AttributeSearch('v1.76.0')).toBe(false);
    expect(hasV3AttributeSearch(undefined)).toBe(false);
  });
});

describe('findTraces against a recorded Jaeger', () => {
  const replay = replayBackends();
  const paths = () => replay.calls.map((c) => c.url.pathname);
  const page = (version: string) =>
    `<script>// JAEGER_VERSION = {"gitCommit":"","gitVersion":"${version}","buildDate":""};</script>`;

  const serve = (version: string) =>
    replay.answer(({ url }) => {
      if (url.pathname === '/') return new Response(page(version));
      if (url.pathname === '/api/traces')
        return Response.json(fixture('jaeger.api-traces.stage-filter.json'));
      if (url.searchParams.get('query.service_name') === 'nothing-here')
        return Response.json(fixture('jaeger.v3-traces.empty.json'), { status: 404 });
      return Response.json(fixture('jaeger.v3-traces.first-batches.json'));
    });

  // Fresh modules per test: the Jaeger version is detected once per process.
  beforeEach(() => vi.resetModules());

  const search = {
    service: 'miaradia-streaming',
    from: 1795568700000,
    to: 1795568725000,
    limit: 20,
  };

  it('on v2.13, an attribute search goes to /api/traces?tags= (v3 would ignore the filter)', async () => {
    serve('v2.13.0');
    const { findTraces } = await import('./traces');
    const traces = await findTraces({ ...search, tags: { 'spark.stage.id': '1284' } });
    expect(paths()).toEqual(['/', '/api/traces']);
    expect(traces).toHaveLength(1);
    expect(traces[0]?.spans.some((s) => s.spark.stageId === '1284')).toBe(true);
  });

  it('on v2.19, the same search uses API v3 with query.attributes', async () => {
    serve('v2.19.0');
    const { findTraces } = await import('./traces');
    await findTraces({ ...search, tags: { 'spark.stage.id': '1284' } });
    expect(paths()).toEqual(['/', '/api/v3/traces']);
    expect(replay.calls[1]?.url.searchParams.get('query.attributes')).toBe(
      '{"spark.stage.id":"1284"}',
    );
  });

  it('a search without attributes uses API v3, and its 404 is an empty list', async () => {
    serve('v2.13.0');
    const { findTraces } = await import('./traces');
    expect(await findTraces({ ...search, tags: {} })).toHaveLength(3);
    expect(await findTraces({ ...search, service: 'nothing-here', tags: {} })).toEqual([]);
    // The version is read once, when the strategy is chosen; not per search.
    expect(paths()).toEqual(['/', '/api/v3/traces', '/api/v3/traces']);
  });

  it('refuses a search answer whose spans lack their ids, naming where', async () => {
    const recorded = fixture('jaeger.api-traces.stage-filter.json') as {
      data: { spans: Record<string, unknown>[] }[];
    };
    delete recorded.data[0]?.spans[0]?.spanID;
    replay.answer(({ url }) =>
      url.pathname === '/' ? new Response(page('v2.13.0')) : Response.json(recorded),
    );
    const { findTraceSummaries } = await import('./traces');
    await expect(
      findTraceSummaries({ ...search, tags: { 'spark.stage.id': '1284' } }),
    ).rejects.toMatchObject({
      kind: 'bad_response',
      message: expect.stringMatching(/data\.0\.spans: expected Jaeger spans/),
    });
  });

  it('an unknown trace id (404) is null, not an error', async () => {
    replay.answer(() => Response.json(fixture('jaeger.v3-trace.not-found.json'), { status: 404 }));
    const { getTrace } = await import('./traces');
    expect(await getTrace('0123456789abcdef0123456789abcdef')).toBeNull();
  });

  it('falls back to the tags search when the version page is not served', async () => {
    replay.answer(({ url }) =>
      url.pathname === '/'
        ? new Response('not here', { status: 404 })
        : Response.json(fixture('jaeger.api-traces.stage-filter.json')),
    );
    const { findTraces } = await import('./traces');
    expect(await findTraces({ ...search, tags: { 'spark.stage.id': '1284' } })).toHaveLength(1);
    expect(paths()).toEqual(['/', '/api/traces']);
  });
});
