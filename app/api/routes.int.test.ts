import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import type {
  Correlated,
  Coverage,
  IncidentScope,
  LogEntry,
  LogPage,
  Signal,
  Span,
  SparkApp,
  Timeline,
  TraceSummary,
  TraceView,
} from '@/lib/domain/types';
import { answerRef, departures, documentedPath } from '@/lib/api/conformance';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { GET as timelineGET } from './apps/[appId]/timeline/route';
import { GET as appsGET } from './apps/route';
import { GET as incidentGET } from './incidents/resolve/route';
import { GET as logContextGET } from './logs/[id]/context/route';
import { GET as logsGET } from './logs/route';
import { GET as spanGET } from './traces/[traceId]/spans/[spanId]/route';
import { GET as traceGET } from './traces/[traceId]/route';
import { GET as signalsGET } from './apps/[appId]/signals/route';
import { traceOfOutline } from '@/lib/domain/trace';
import { GET as tracesGET } from './traces/route';

// The routes as the UI calls them, against the seeded real stack (npm test seeds it first).
const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string; batches: number };
  batch: { appId: string };
  incident: { lostExecutorId: string; host: string };
};
const APP = sc.streaming.appId;
const W = `from=${sc.window.from}&to=${sc.window.to}`;

async function call<T>(
  handler: (r: Request, c: never) => Promise<Response>,
  path: string,
  params?: Record<string, string>,
): Promise<T> {
  const context = { params: Promise.resolve(params ?? {}) } as never;
  const response = await handler(signedIn(`http://console.test${path}`), context);
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  const body = (await response.json()) as T;
  // Every answer is held to the OpenAPI document's schema of its route.
  const pathname = new URL(`http://console.test${path}`).pathname;
  const documented = documentedPath(pathname);
  expect(documented, `${pathname} is documented`).toBeDefined();
  expect(departures(answerRef(documented ?? ''), body)).toEqual([]);
  return body;
}

describe('the API over the seeded stack', () => {
  it('lists the seeded apps, each seen in metrics, logs and traces', async () => {
    const apps = await call<Correlated<SparkApp[]>>(appsGET, `/api/apps?${W}`);
    expect(Object.values(apps.sources).every((s) => s.state === 'ok')).toBe(true);
    for (const appId of [APP, sc.batch.appId]) {
      const app = apps.data.find((a) => a.appId === appId);
      expect(app?.seenIn.sort()).toEqual(['elasticsearch', 'jaeger', 'prometheus']);
    }
  });

  it("resolves the alert's incident and the window's error logs hold the executor-lost line", async () => {
    const [alert] = await listAlerts({ labels: { alertname: 'StreamingNoInput', app_id: APP } });
    const scope = await call<Correlated<IncidentScope>>(
      incidentGET,
      `/api/incidents/resolve?fingerprint=${alert?.fingerprint}`,
    );
    expect(scope.data.appId).toBe(APP);
    const { from, to } = scope.data.window;
    // The absolute link opens the incident view on the same alert, app and window.
    const link = new URL(scope.data.link ?? '');
    expect(link.origin).toBe('http://localhost:3000');
    expect(link.pathname).toBe('/incident');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      alert: alert?.fingerprint,
      appId: APP,
      from: String(from),
      to: String(to),
    });
    const logs = await call<Correlated<LogPage>>(
      logsGET,
      `/api/logs?appId=${APP}&level=ERROR&from=${from}&to=${to}&limit=100`,
    );
    expect(logs.data.entries.map((e) => e.message)).toContain(
      `Lost executor ${sc.incident.lostExecutorId} on ${sc.incident.host}: Command exited with code 137`,
    );
  });

  it('a stage filter narrows logs and traces to the same stage and the same traces', async () => {
    const sample = await call<Correlated<LogPage>>(
      logsGET,
      `/api/logs?appId=${APP}&q=${encodeURIComponent('"Finished task"')}&${W}&limit=20`,
    );
    const line = sample.data.entries.find((e) => e.stageId && e.traceId);
    const stageId = line?.stageId ?? '';
    const logs = await call<Correlated<LogPage>>(
      logsGET,
      `/api/logs?appId=${APP}&stageId=${stageId}&${W}&limit=500`,
    );
    expect(logs.data.entries.length).toBeGreaterThan(1);
    expect(logs.data.entries.every((e) => e.stageId === stageId)).toBe(true);
    const traces = await call<Correlated<TraceSummary[]>>(
      tracesGET,
      `/api/traces?appId=${APP}&stageId=${stageId}&${W}`,
    );
    expect(traces.sources.jaeger?.state).toBe('ok');
    const fromLogs = new Set(logs.data.entries.flatMap((e) => (e.traceId ? [e.traceId] : [])));
    expect(new Set(traces.data.map((t) => t.traceId))).toEqual(fromLogs);
  });

  it('a trace id from a log line opens a trace of the same app, with the lines that carry it', async () => {
    const sample = await call<Correlated<LogPage>>(
      logsGET,
      `/api/logs?appId=${APP}&executorId=1&${W}&limit=50`,
    );
    const traceId = sample.data.entries.find((e) => e.traceId)?.traceId ?? '';
    const detail = await call<Correlated<TraceView>>(traceGET, `/api/traces/${traceId}`, {
      traceId,
    });
    const outline = detail.data.trace;
    expect(outline?.spanCount).toBeGreaterThan(1);
    const trace = traceOfOutline(outline!);
    expect(trace.spans.every((s) => s.spark.appId === APP)).toBe(true);
    expect(detail.data.logs.length).toBeGreaterThan(0);
    expect(detail.data.logs.every((l) => l.traceId === traceId && l.appId === APP)).toBe(true);
    // The outline is Jaeger's trace without attributes: a span asked alone has them, same times.
    const stage = trace.spans.find((s) => s.spark.stageId) ?? trace.spans[0]!;
    const one = await call<Correlated<{ span: Span | null }>>(
      spanGET,
      `/api/traces/${traceId}/spans/${stage.spanId}`,
      { traceId, spanId: stage.spanId },
    );
    const { attributes, ...head } = one.data.span!;
    expect(head).toEqual(stage);
    expect(attributes['spark.app.id']).toBe(APP);
    const missing = await call<Correlated<{ span: Span | null }>>(
      spanGET,
      `/api/traces/${traceId}/spans/${'0'.repeat(16)}`,
      { traceId, spanId: '0'.repeat(16) },
    );
    expect(missing.data.span).toBeNull();
    // The metrics around it, as the trace page asks once it knows the app and time.
    const metrics = await call<Correlated<Signal[]>>(
      signalsGET,
      `/api/apps/${APP}/signals?from=${Math.floor(trace.start - 300_000)}&to=${Math.ceil(trace.start + trace.durationMs + 300_000)}&width=300`,
      { appId: APP },
    );
    expect(metrics.data.some((s) => s.series.length > 0)).toBe(true);
  });

  it("the app timeline holds every micro-batch and the lost executor's event", async () => {
    const t = await call<Correlated<Timeline>>(
      timelineGET,
      `/api/apps/${APP}/timeline?${W}&width=600&appName=${sc.streaming.appName}`,
      { appId: APP },
    );
    expect(t.data.batches).toHaveLength(sc.streaming.batches);
    expect(t.data.executors.events).toContainEqual(
      expect.objectContaining({ executorId: sc.incident.lostExecutorId, kind: 'lost' }),
    );
    expect(t.data.logVolume.length).toBeGreaterThan(10);
  });
});

describe('log context', () => {
  it('puts lines that share the hit’s millisecond on one side each, in file order', async () => {
    const now = Date.now();
    // Real Spark runs (npm run spark:demo) write many lines per millisecond; the seed does not.
    const recent = await call<Correlated<LogPage>>(
      logsGET,
      `/api/logs?executorId=driver&from=${now - 24 * 3600_000}&to=${now}&limit=1000`,
    );
    const seen = new Map<string, number>();
    for (const e of recent.data.entries) {
      const key = `${e.appId}/${e.timestamp}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const hit =
      recent.data.entries.find((e) => (seen.get(`${e.appId}/${e.timestamp}`) ?? 0) > 2) ??
      recent.data.entries[0];
    expect(hit).toBeDefined();
    const context = await call<{
      data: { hit: LogEntry; before: LogEntry[]; after: LogEntry[] };
    }>(logContextGET, `/api/logs/${hit?.id}/context?before=10&after=10`, { id: hit?.id ?? '' });
    const before = context.data.before.map((e) => e.id);
    const after = context.data.after.map((e) => e.id);
    expect(before.filter((id) => after.includes(id) || id === hit?.id)).toEqual([]);
    expect(after).not.toContain(hit?.id);
    const times = [...context.data.before, context.data.hit, ...context.data.after].map(
      (e) => e.timestamp,
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of [...context.data.before, ...context.data.after]) {
      expect(e.appId).toBe(hit?.appId);
      expect(e.executorId).toBe('driver');
    }
  });
});

describe('coverage over the seeded stack', () => {
  it('sees every signal of the seeded app, and names the fixes for an app that sends nothing', async () => {
    const { GET: coverageGET } = await import('./apps/[appId]/coverage/route');
    const seen = await call<Correlated<Coverage>>(
      coverageGET,
      `/api/apps/${APP}/coverage?${W}&appName=${sc.streaming.appName}`,
      { appId: APP },
    );
    expect(Object.fromEntries(seen.data.signals.map((s) => [s.id, s.state]))).toEqual({
      driverMetrics: 'seen',
      executorMetrics: 'seen',
      streamingMetrics: 'seen',
      logs: 'seen',
      logIds: 'seen',
      traces: 'seen',
      // The seed's streaming app is synthetic: no event log, so no History Server record.
      sparkRecord: 'missing',
    });
    const nothing = await call<Correlated<Coverage>>(
      coverageGET,
      `/api/apps/app-00000000000000-0000/coverage?${W}`,
      { appId: 'app-00000000000000-0000' },
    );
    for (const s of nothing.data.signals) {
      expect(s.state).toBe('missing');
      expect(s.fix?.length).toBeGreaterThan(0);
    }
    expect(nothing.data.signals.find((s) => s.id === 'traces')?.fix?.join('\n')).toMatch(
      /spark\.plugins=io\.sparkwatch\.spark\.SparkwatchPlugin/,
    );
  });
});
