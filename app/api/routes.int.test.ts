import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  Correlated,
  IncidentScope,
  LogPage,
  SparkApp,
  Timeline,
  TraceDetail,
  TraceSummary,
} from '@/lib/api/types';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { GET as timelineGET } from './apps/[appId]/timeline/route';
import { GET as appsGET } from './apps/route';
import { GET as incidentGET } from './incidents/resolve/route';
import { GET as logsGET } from './logs/route';
import { GET as traceGET } from './traces/[traceId]/route';
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
  const response = await handler(new Request(`http://console.test${path}`), context);
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  return (await response.json()) as T;
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
    const detail = await call<Correlated<TraceDetail>>(
      traceGET,
      `/api/traces/${traceId}?width=300`,
      {
        traceId,
      },
    );
    expect(detail.data.trace?.spans.every((s) => s.spark.appId === APP)).toBe(true);
    expect(detail.data.logs.length).toBeGreaterThan(0);
    expect(detail.data.logs.every((l) => l.traceId === traceId && l.appId === APP)).toBe(true);
    expect(detail.data.signals.some((s) => s.series.length > 0)).toBe(true);
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
