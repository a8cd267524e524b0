import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Correlated, LogPage, SparkApp, TraceView } from '@/lib/domain/types';
import { sessionCookie, signedIn } from '@/lib/testing/session';
import { GET as alertsGET } from './alerts/route';
import { GET as coverageGET } from './apps/[appId]/coverage/route';
import { GET as stagesGET } from './apps/[appId]/stages/route';
import { GET as timelineGET } from './apps/[appId]/timeline/route';
import { GET as appsGET } from './apps/route';
import { GET as incidentGET } from './incidents/resolve/route';
import { GET as shippersGET } from './shippers/route';
import { GET as contextGET } from './logs/[id]/context/route';
import { GET as logsGET } from './logs/route';
import { GET as signalsGET } from './apps/[appId]/signals/route';
import { GET as spanGET } from './traces/[traceId]/spans/[spanId]/route';
import { GET as traceGET } from './traces/[traceId]/route';
import { GET as tracesGET } from './traces/route';

// Two teams' apps in the real stack, written by this test only: log lines in an index of its own
// (removed afterwards) and a trace each in Jaeger, 20 days back so no page of the demo shows them.
// Team A's operator (AUTH_ROLE_MAP of lib/testing/session.ts: `team-a-*`) must never see team B.
const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const OTLP = `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT ?? 4318}`;
const JAEGER = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686';
const INDEX = `spark-logs-authtest-${process.pid}`;
const T = Math.floor((Date.now() - 20 * 86_400_000) / 60_000) * 60_000;
const W = `from=${T - 3600_000}&to=${T + 3600_000}`;
const run = process.pid.toString(16).padStart(6, '0').slice(-6);

const team = (t: 'a' | 'b') => ({
  appId: `app-29990101000000-${t}${run}`,
  appName: `team-${t}-authtest`,
  traceId: `${t === 'a' ? 'aa' : 'bb'}${run}${'0'.repeat(24)}`,
  spanId: `${run}0000000001`.slice(0, 16),
  docId: `authtest-${t}-${run}`,
});
const A = team('a');
const B = team('b');

let teamA = '';
let admin = '';
let seededAlert: Alert | undefined;

async function post(url: string, body: object, method = 'POST') {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
}

function otlpTrace(t: ReturnType<typeof team>) {
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', t.appName)] },
        scopeSpans: [
          {
            scope: { name: 'sparkwatch-authtest' },
            spans: [
              {
                traceId: t.traceId,
                spanId: t.spanId,
                name: 'job 1',
                kind: 1,
                startTimeUnixNano: ns(T),
                endTimeUnixNano: ns(T + 2000),
                attributes: [attr('spark.app.id', t.appId), attr('spark.job.id', '1')],
              },
            ],
          },
        ],
      },
    ],
  };
}

async function untilJaegerHas(traceId: string) {
  for (let tries = 0; tries < 60; tries++) {
    if ((await fetch(`${JAEGER}/api/traces/${traceId}`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Jaeger never showed trace ${traceId}`);
}

beforeAll(async () => {
  teamA = await sessionCookie('ana', ['team-a-operators']);
  admin = await sessionCookie('root', ['admin']);
  for (const t of [A, B]) {
    await post(`${ES}/${INDEX}/_doc/${t.docId}?refresh=true`, {
      '@timestamp': new Date(T + 1000).toISOString(),
      level: 'ERROR',
      logger: 'DAGScheduler',
      message: `authtest line of ${t.appName}`,
      appId: t.appId,
      appName: t.appName,
      executorId: 'driver',
      traceId: t.traceId,
    });
    await post(`${OTLP}/v1/traces`, otlpTrace(t));
  }
  for (const t of [A, B]) await untilJaegerHas(t.traceId);
  const alerts = (await (
    await alertsGET(signedIn('http://console.test/api/alerts', {}, admin), {})
  ).json()) as Correlated<{ active: Alert[] }>;
  seededAlert = alerts.data.active.find((a) => a.appName && !a.appName.startsWith('team-a-'));
});

afterAll(async () => {
  await fetch(`${ES}/${INDEX}`, { method: 'DELETE' });
});

type Handler = (r: Request, c: never) => Promise<Response>;
async function as(cookie: string, handler: Handler, path: string, params: object = {}) {
  const response = await handler(signedIn(`http://console.test${path}`, {}, cookie), {
    params: Promise.resolve(params),
  } as never);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("a team's operator sees only their team's apps", () => {
  it('the admin sees both teams (so what team A misses is really there)', async () => {
    const apps = (await as(admin, appsGET, `/api/apps?${W}`)).body as Correlated<SparkApp[]>;
    const ids = apps.data.map((a) => a.appId);
    expect(ids).toEqual(expect.arrayContaining([A.appId, B.appId]));
    const logs = (await as(admin, logsGET, `/api/logs?${W}&q=authtest`))
      .body as Correlated<LogPage>;
    expect(logs.data?.entries.map((e) => e.appName).sort()).toEqual([A.appName, B.appName]);
    expect((await as(admin, traceGET, `/api/traces/${B.traceId}`, B)).status).toBe(200);
  });

  it('lists and searches hold no other team document', async () => {
    const apps = (await as(teamA, appsGET, `/api/apps?${W}`)).body as Correlated<SparkApp[]>;
    // Earlier runs' traces stay in Jaeger (memory store): team A's, never team B's.
    expect(apps.data.map((a) => a.appId)).toContain(A.appId);
    for (const app of apps.data) expect(app.appName).toMatch(/^team-a-/);
    const logs = (await as(teamA, logsGET, `/api/logs?${W}`)).body as Correlated<LogPage>;
    expect(logs.data?.entries.length).toBeGreaterThan(0);
    expect(new Set(logs.data?.entries.map((e) => e.appName))).toEqual(new Set([A.appName]));
    const byTrace = (await as(teamA, logsGET, `/api/logs?${W}&traceId=${B.traceId}`))
      .body as Correlated<LogPage>;
    expect(byTrace.data?.entries).toEqual([]);
    const alerts = (await as(teamA, alertsGET, '/api/alerts')).body as Correlated<{
      active: Alert[];
      recent: Alert[];
    }>;
    for (const a of [...alerts.data.active, ...alerts.data.recent])
      expect(a.appName ?? '').toMatch(/^team-a-/);
    // The shippers' files are named by app id: a team sees their counts, not the files.
    const shippers = (await as(teamA, shippersGET, '/api/shippers')).body as Correlated<
      { files: unknown[]; lastError?: { message: string } }[] | null
    >;
    for (const shipper of shippers.data ?? []) {
      expect(shipper.files).toEqual([]);
      if (shipper.lastError) expect(shipper.lastError.message).toBe('hidden from your role');
    }
  });

  it("answers 404 for the other team's app id, trace and log line in every route", async () => {
    const app = { appId: B.appId };
    const refused = [
      await as(teamA, timelineGET, `/api/apps/${B.appId}/timeline?${W}`, app),
      await as(teamA, stagesGET, `/api/apps/${B.appId}/stages`, app),
      await as(teamA, coverageGET, `/api/apps/${B.appId}/coverage?${W}`, app),
      await as(teamA, logsGET, `/api/logs?appId=${B.appId}&${W}`),
      await as(teamA, tracesGET, `/api/traces?appId=${B.appId}&${W}`),
      await as(teamA, traceGET, `/api/traces/${B.traceId}`, { traceId: B.traceId }),
      await as(teamA, contextGET, `/api/logs/${B.docId}/context`, { id: B.docId }),
      // The metrics the trace page asks around a trace are the app's: checked the same.
      await as(teamA, signalsGET, `/api/apps/${B.appId}/signals?${W}`, app),
      await as(teamA, spanGET, `/api/traces/${B.traceId}/spans/${B.spanId}`, {
        traceId: B.traceId,
        spanId: B.spanId,
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 404));
    if (seededAlert)
      expect(
        (
          await as(
            teamA,
            incidentGET,
            `/api/incidents/resolve?fingerprint=${seededAlert.fingerprint}`,
          )
        ).status,
      ).toBe(404);
  });

  it("and answers its own team's the same routes", async () => {
    const app = { appId: A.appId };
    expect((await as(teamA, timelineGET, `/api/apps/${A.appId}/timeline?${W}`, app)).status).toBe(
      200,
    );
    expect((await as(teamA, logsGET, `/api/logs?appId=${A.appId}&${W}`)).status).toBe(200);
    expect(
      (await as(teamA, contextGET, `/api/logs/${A.docId}/context`, { id: A.docId })).status,
    ).toBe(200);
    const trace = await as(teamA, traceGET, `/api/traces/${A.traceId}`, { traceId: A.traceId });
    expect(trace.status).toBe(200);
    const detail = trace.body as Correlated<TraceView>;
    expect(detail.data.trace?.resources.map((r) => r.service)).toEqual([A.appName]);
    expect(detail.data.logs.map((l) => l.appName)).toEqual([A.appName]);
  });
});
