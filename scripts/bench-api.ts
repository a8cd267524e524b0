/**
 * `npm run bench:api`: for the seeded incident scope, the console's timeline, logs and traces
 * routes against the direct backend calls each makes (same requests, same parallelism), measured
 * interleaved in one run; a 40,000-span trace's route against Jaeger's own answers (sent first if
 * missing); then the pure joins on 10,000 log hits × 10,000 spans × 1,000 series.
 * Then the stage routes on a generated event log of 2,000 stages (scripts/bench-stages.ts).
 * Run with the stack up and seeded. Prints figures; asserts nothing. BENCH_ONLY=large-trace runs
 * the large trace alone, BENCH_ONLY=stages the stage routes alone, BENCH_ONLY=routes the incident's
 * routes alone.
 */
import { readFileSync } from 'node:fs';
import type { LogEntry, MetricSeries, Span } from '@/lib/domain/types';
import { alertIntervals, executorEvents, unionApps } from '@/lib/correlate/joins';
import { PRESET } from '@/lib/correlate/mapping';
import { buildLogQuery, histogramInterval } from '@/lib/sources/elasticsearch/logs';
import { findTracesRequest, getTraceRequest } from '@/lib/sources/jaeger/otlp-proto';
import { groupTraces, summarize } from '@/lib/sources/jaeger/trace-shape';
import { renderTemplate, selector, stepFor } from '@/lib/sources/prometheus/promql';
import { msToMicros, msToPromSeconds } from '@/lib/sources/units';
import { stagesBenchmark } from './bench-stages';
import { LARGE_TRACE, largeTraceUrls, seedLargeTrace } from './seed/large-trace';
import {
  describe,
  disconnect,
  get,
  grpcCall,
  percentile,
  request,
  serverTimingMs,
  startConsole,
  timed,
} from './lib/bench';

const ROUNDS = Number(process.env.BENCH_ITERATIONS ?? 150);
const WARMUP = 20;
const env = (name: string, fallback: string) => (process.env[name] ?? fallback).replace(/\/+$/, '');
const PROM = env('PROMETHEUS_URL', 'http://127.0.0.1:9090');
const AM = env('ALERTMANAGER_URL', 'http://127.0.0.1:9093');
const ES = env('ELASTICSEARCH_URL', 'http://127.0.0.1:9200');
const JAEGER = env('JAEGER_URL', 'http://127.0.0.1:16686');

const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  streaming: { appId: string; appName: string };
};
const appId = sc.streaming.appId;
const width = 600;

// The incident scope as the console resolves it: the seeded app's firing StreamingNoInput alert,
// its onset from Prometheus, its padded window. Set by resolveScope() before the rounds.
let alert: { fingerprint: string; startsAt: number };
let from = 0;
let to = 0;

async function resolveScope(consoleUrl: string): Promise<void> {
  const alerts = JSON.parse(
    await get(
      `${AM}/api/v2/alerts?${new URLSearchParams([
        ['active', 'true'],
        ['filter', 'alertname="StreamingNoInput"'],
        ['filter', `app_id="${appId}"`],
      ])}`,
    ),
  ) as { fingerprint: string; startsAt: string }[];
  const first = alerts[0];
  if (!first) throw new Error(`no StreamingNoInput alert of ${appId}: is the stack seeded?`);
  alert = { fingerprint: first.fingerprint, startsAt: Date.parse(first.startsAt) };
  const scope = JSON.parse(
    await get(`${consoleUrl}/api/incidents/resolve?fingerprint=${alert.fingerprint}`),
  ) as { data: { window: { from: number; to: number } } };
  ({ from, to } = scope.data.window);
}

const esSearch = (body: object) =>
  get(`${ES}/spark-logs-*/_search?ignore_unavailable=true&allow_no_indices=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const esMultiSearch = (bodies: object[]) =>
  get(`${ES}/_msearch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: bodies
      .flatMap((b) => [
        { index: 'spark-logs-*', ignore_unavailable: true, allow_no_indices: true },
        b,
      ])
      .map((line) => `${JSON.stringify(line)}\n`)
      .join(''),
  });
const promRange = (query: string) => {
  const step = stepFor(from, to, width);
  return get(
    `${PROM}/api/v1/query_range?${new URLSearchParams({ query, start: msToPromSeconds(from), end: msToPromSeconds(to), step: String(step) })}`,
  );
};
const sort = [
  { '@timestamp': { order: 'desc' } },
  { 'source.file': { order: 'asc', missing: '_last', unmapped_type: 'keyword' } },
  { 'source.offset': { order: 'desc', missing: '_last', unmapped_type: 'long' } },
];
const volume = (buckets: number) => ({
  volume: {
    date_histogram: {
      field: '@timestamp',
      fixed_interval: `${histogramInterval(from, to, buckets) / 1000}s`,
      extended_bounds: { min: from, max: to },
      min_doc_count: 0,
    },
    aggs: { levels: { terms: { field: 'level', size: 10 } } },
  },
});
const JAEGER_GRPC = env('JAEGER_GRPC_URL', 'http://127.0.0.1:16685');
// The console's trace search: gRPC API v3 unless JAEGER_GRPC_URL=none, then `/api/traces?tags=`.
const jaegerSearch = (tags: Record<string, string>, limit: number) =>
  JAEGER_GRPC === 'none'
    ? get(
        `${JAEGER}/api/traces?${new URLSearchParams({ service: sc.streaming.appName, start: msToMicros(from, 'floor'), end: msToMicros(to, 'ceil'), limit: String(limit), tags: JSON.stringify(tags) })}`,
      )
    : grpcCall(
        JAEGER_GRPC,
        '/jaeger.api_v3.QueryService/FindTraces',
        findTracesRequest({ service: sc.streaming.appName, tags, from, to, limit }),
      );

// The backend requests each console route makes for this scope (lib/correlate/*).
const p = PRESET.prometheus;
const sel = selector(p.executorMetric, { app_id: appId });
const cases = (): { name: string; route: string; direct: () => Promise<unknown> }[] => [
  {
    name: 'incident resolve',
    route: `/api/incidents/resolve?fingerprint=${alert.fingerprint}`,
    direct: async () => {
      await get(`${AM}/api/v2/alerts?active=true&silenced=true&inhibited=true`);
      const end = Date.now();
      const start = alert.startsAt - 6 * 3600_000;
      await get(
        `${PROM}/api/v1/query_range?${new URLSearchParams({
          query: selector('ALERTS', { alertname: 'StreamingNoInput', app_id: appId }),
          start: msToPromSeconds(start),
          end: msToPromSeconds(end),
          step: String(stepFor(start, end, 720)),
        })}`,
      );
    },
  },
  {
    name: 'timeline',
    route: `/api/apps/${appId}/timeline?from=${from}&to=${to}&width=${width}&appName=${sc.streaming.appName}`,
    direct: () =>
      Promise.all([
        jaegerSearch({ 'spark.app.id': appId }, 1500),
        Promise.all([
          ...p.signals.map((s) =>
            promRange(renderTemplate(s.template, s.metric, { app_id: appId })),
          ),
          promRange(`max by (executor_id) (${sel})`),
          promRange(selector('ALERTS', { app_id: appId, alertstate: 'firing' })),
        ]),
        get(
          `${AM}/api/v2/alerts?${new URLSearchParams([
            ['active', 'true'],
            ['silenced', 'true'],
            ['inhibited', 'true'],
            ['filter', `app_id="${appId}"`],
          ])}`,
        ),
        esMultiSearch([
          {
            size: 0,
            query: buildLogQuery({ appId, from, to }),
            sort,
            track_total_hits: 10_000,
            aggs: volume(75),
          },
          {
            size: 50,
            query: buildLogQuery({ appId, from, to, levels: ['ERROR'], q: '"Lost executor"' }),
            sort,
            track_total_hits: 10_000,
          },
        ]),
      ]),
  },
  {
    name: 'logs (ERROR,WARN)',
    route: `/api/logs?appId=${appId}&from=${from}&to=${to}&level=ERROR,WARN&limit=500&buckets=80`,
    direct: () =>
      esSearch({
        size: 500,
        query: buildLogQuery({ appId, from, to, levels: ['ERROR', 'WARN'] }),
        sort,
        track_total_hits: 10_000,
        aggs: volume(80),
      }),
  },
  {
    name: 'traces',
    route: `/api/traces?appId=${appId}&appName=${sc.streaming.appName}&from=${from}&to=${to}&limit=500`,
    direct: () => jaegerSearch({ 'spark.app.id': appId }, 500),
  },
];

const LARGE_ROUNDS = Number(process.env.BENCH_LARGE_ITERATIONS ?? 12);
const LARGE_WARMUP = 2;

/**
 * The 40,000-span trace (scripts/seed/large-trace.ts): `/api/traces/{id}` against each way Jaeger
 * gives the trace (gRPC GetTrace, what the console calls, and HTTP API v3), interleaved; the
 * route's p50 over the fastest one's is the ratio to keep ≤ 1.2. The route also asks
 * Elasticsearch for the trace's logs and Prometheus for its app's metrics.
 */
async function largeTraceBenchmark(consoleUrl: string): Promise<void> {
  console.log(`\n${await seedLargeTrace(largeTraceUrls())}`);
  const { traceId } = LARGE_TRACE;
  const ways: [string, () => Promise<unknown>][] = [
    [
      'Jaeger gRPC GetTrace',
      () => grpcCall(JAEGER_GRPC, '/jaeger.api_v3.QueryService/GetTrace', getTraceRequest(traceId)),
    ],
    ['Jaeger HTTP /api/v3/traces/{id}', () => get(`${JAEGER}/api/v3/traces/${traceId}`)],
  ];
  if (JAEGER_GRPC === 'none') ways.shift();
  const route = () => request(`${consoleUrl}/api/traces/${traceId}`);
  const times = new Map<string, number[]>([...ways.map(([n]) => [n, []] as [string, number[]])]);
  const viaRoute: number[] = [];
  const inHandler: number[] = [];
  const jaegerSource: number[] = [];
  const logsSource: number[] = [];
  let bytes = 0;
  for (let i = 0; i < LARGE_WARMUP + LARGE_ROUNDS; i += 1) {
    // Alternate the order, as above: the second call meets Jaeger busy collecting the first's garbage.
    const order =
      i % 2 === 0 ? ['route', ...ways.map(([n]) => n)] : [...ways.map(([n]) => n), 'route'];
    for (const name of order) {
      if (name === 'route') {
        const r = await timed(route);
        bytes = r.value.text.length;
        if (i >= LARGE_WARMUP) {
          viaRoute.push(r.ms);
          inHandler.push(serverTimingMs(r.value.headers['server-timing']));
          jaegerSource.push(serverTimingMs(r.value.headers['server-timing'], 'jaeger'));
          logsSource.push(serverTimingMs(r.value.headers['server-timing'], 'elasticsearch'));
        }
      } else {
        const d = await timed(ways.find(([n]) => n === name)![1]);
        if (i >= LARGE_WARMUP) times.get(name)!.push(d.ms);
      }
    }
  }
  console.log(
    `\ntrace of ${LARGE_TRACE.spanCount.toLocaleString('en')} spans (${LARGE_ROUNDS} interleaved rounds after ${LARGE_WARMUP}; route answer ${(bytes / 1e6).toFixed(1)} MB)`,
  );
  for (const [name, list] of times) console.log(describe(`  ${name}`, list));
  console.log(describe('  console /api/traces/{id}', viaRoute));
  console.log(describe('    of which in the route handler', inHandler));
  console.log(describe('      of which reading Jaeger (gRPC and outline)', jaegerSource));
  console.log(describe('      and, at the same time, its logs (Elasticsearch)', logsSource));
  const fastest = Math.min(...[...times.values()].map((list) => percentile(list, 50)));
  console.log(
    `  route p50 / Jaeger's fastest p50: ${(percentile(viaRoute, 50) / fastest).toFixed(2)} (target ≤ 1.2)`,
  );
}

function joinsBenchmark() {
  const spans: Span[] = Array.from({ length: 10_000 }, (_, i) => ({
    traceId: `t${i % 1000}`,
    spanId: `s${i}`,
    ...(i % 10 ? { parentSpanId: `s${i - (i % 10)}` } : {}),
    name: i % 10 ? `stage ${i}` : `batch ${i / 10}`,
    service: 'miaradia-streaming',
    start: i * 10,
    durationMs: 5,
    attributes: {},
    status: 'ok',
    spark: { appId: 'app-1', batchId: String(Math.floor(i / 10)), stageId: String(i) },
  }));
  const logs: LogEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `l${i}`,
    index: 'i',
    timestamp: i * 10,
    level: i % 100 ? 'INFO' : 'ERROR',
    message:
      i % 1000 ? 'Finished task' : `Lost executor ${i % 7} on h: Command exited with code 137`,
    traceId: `t${i % 1000}`,
    executorId: String(i % 7),
  }));
  const series: MetricSeries[] = Array.from({ length: 1_000 }, (_, i) => ({
    labels: { executor_id: String(i), alertname: `A${i % 5}` },
    start: 0,
    step: 15_000,
    values: new Array<number>(600 - (i % 50)).fill(1),
  }));
  const started = performance.now();
  groupTraces(spans).map(summarize);
  executorEvents({
    series,
    lostLines: logs.filter((l) => l.level === 'ERROR'),
    window: { from: 0, to: 600 * 15_000 },
    stepMs: 15_000,
  });
  alertIntervals(series, 15_000);
  unionApps(
    {
      prometheus: series.map((s) => ({ appId: `app-${s.labels.executor_id}` })),
      elasticsearch: logs.slice(0, 1000).map((l) => ({
        appId: `app-${l.executorId}`,
        firstSeen: l.timestamp,
        lastSeen: l.timestamp,
      })),
    },
    [],
  );
  return performance.now() - started;
}

async function main() {
  if (process.env.BENCH_ONLY === 'stages') {
    await stagesBenchmark();
    disconnect();
    return;
  }
  const console_ = await startConsole();
  try {
    await resolveScope(console_.url);
    console.log(
      `incident scope: ${appId}, ${new Date(from).toISOString()} → ${new Date(to).toISOString()}, ${ROUNDS} interleaved rounds (after ${WARMUP} warm-up)`,
    );
    console.log(
      'direct = the same backend requests the route makes, in the same order and parallelism',
    );
    const only = process.env.BENCH_ONLY;
    for (const c of only === 'large-trace' ? [] : cases()) {
      const viaConsole: number[] = [];
      const inHandler: number[] = [];
      const direct: number[] = [];
      const viaRoute = () => timed(() => request(`${console_.url}${c.route}`));
      const directThenRoute = async () => ({ d: await timed(c.direct), r: await viaRoute() });
      const routeThenDirect = async () => {
        const r = await viaRoute();
        return { d: await timed(c.direct), r };
      };
      for (let i = 0; i < WARMUP + ROUNDS; i += 1) {
        // Alternate which goes first: the second of a pair meets the backends still busy with the
        // first (Jaeger's garbage collection after a 1 MB answer, say); always last would bias.
        const { d, r } = i % 2 === 0 ? await directThenRoute() : await routeThenDirect();
        if (i < WARMUP) continue;
        direct.push(d.ms);
        viaConsole.push(r.ms);
        inHandler.push(serverTimingMs(r.value.headers['server-timing']));
      }
      console.log(`\n${c.name}`);
      console.log(describe('  direct backend calls (parallel)', direct));
      console.log(describe('  console route', viaConsole));
      console.log(describe('    of which in the route handler', inHandler));
      console.log(
        `  overhead: p50 ${(percentile(viaConsole, 50) - percentile(direct, 50)).toFixed(1)} ms, p95 ${(percentile(viaConsole, 95) - percentile(direct, 95)).toFixed(1)} ms (targets ≤ 10 / ≤ 25 ms)`,
      );
    }
    if (only === 'routes') return;
    await largeTraceBenchmark(console_.url);
    if (only === 'large-trace') return;
    const joins = Array.from({ length: 5 }, joinsBenchmark);
    console.log(
      `\npure joins on 10,000 log hits × 10,000 spans × 1,000 series: best ${Math.min(...joins).toFixed(1)} ms, median ${percentile(joins, 50).toFixed(1)} ms (target ≤ 50 ms)`,
    );
    await stagesBenchmark();
  } finally {
    console_.stop();
    disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
