import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// Against the seeded real stack (npm test runs the seed first): Jaeger 2.13's gRPC API v3 on
// 16685 and its HTTP API on 16686.
const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
};
const search = {
  service: sc.streaming.appName,
  tags: { 'spark.app.id': sc.streaming.appId },
  from: sc.window.from,
  to: Date.now(),
  limit: 1500,
};

/** The traces module under a given JAEGER_GRPC_URL (the configuration is read once per module graph). */
async function tracesModule(grpcUrl: string) {
  vi.stubEnv('JAEGER_GRPC_URL', grpcUrl);
  vi.resetModules();
  return import('./traces');
}

describe('trace searches over Jaeger gRPC', () => {
  it('find the same traces, summarised the same, as the HTTP search', async () => {
    const overGrpc = await tracesModule('http://127.0.0.1:16685');
    const viaGrpc = await overGrpc.findTraceSummaries(search);
    const spans = await overGrpc.findTraces({ ...search, limit: 5 });
    const overHttp = await tracesModule('none');
    const viaHttp = await overHttp.findTraceSummaries(search);
    vi.unstubAllEnvs();

    const byId = (list: { traceId: string }[]) =>
      [...list].sort((a, b) => a.traceId.localeCompare(b.traceId));
    expect(viaGrpc.length).toBeGreaterThan(100);
    expect(byId(viaGrpc)).toEqual(byId(viaHttp));
    expect(viaGrpc.every((t) => t.spark.appId === sc.streaming.appId)).toBe(true);
    expect(spans).toHaveLength(5);
    expect(spans[0]?.spans[0]?.attributes['spark.app.id']).toBe(sc.streaming.appId);
  });

  it('get the same trace and the same services as the HTTP API', async () => {
    const overGrpc = await tracesModule('http://127.0.0.1:16685');
    const [listed] = await overGrpc.findTraceSummaries({ ...search, limit: 1 });
    const traceId = listed?.traceId ?? '';
    const viaGrpc = await overGrpc.getTrace(traceId);
    const servicesViaGrpc = await overGrpc.listServices();
    const unknown = await overGrpc.getTrace('0123456789abcdef0123456789abcdef');
    const overHttp = await tracesModule('none');
    const viaHttp = await overHttp.getTrace(traceId);
    const servicesViaHttp = await overHttp.listServices();
    vi.unstubAllEnvs();

    expect(viaGrpc?.spans.length).toBeGreaterThan(5);
    expect(viaGrpc).toEqual(viaHttp);
    expect(unknown).toBeNull();
    expect(servicesViaGrpc).toContain(sc.streaming.appName);
    expect(servicesViaGrpc).toEqual(servicesViaHttp);
  });

  it('an attribute that matches nothing finds nothing (Jaeger 2.13 filters over gRPC)', async () => {
    const { findTraceSummaries } = await tracesModule('http://127.0.0.1:16685');
    vi.unstubAllEnvs();
    const none = await findTraceSummaries({ ...search, tags: { 'spark.app.id': 'app-0-0' } });
    expect(none).toEqual([]);
  });

  it('searches cancelled mid-answer leave Jaeger running (raw searches)', async () => {
    const { findTraceSummaries } = await tracesModule('http://127.0.0.1:16685');
    vi.unstubAllEnvs();
    let cancelled = 0;
    for (let i = 0; i < 20; i += 1) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1 + (i % 5));
      await findTraceSummaries(search, { signal: controller.signal }).catch(() => (cancelled += 1));
    }
    expect(cancelled).toBeGreaterThan(10);
    // A non-raw search cancelled mid-stream makes Jaeger 2.13 panic and exit (otlp-proto.ts).
    const services = await fetch('http://127.0.0.1:16686/api/services');
    expect(services.status).toBe(200);
    expect((await findTraceSummaries(search)).length).toBeGreaterThan(100);
  });
});
