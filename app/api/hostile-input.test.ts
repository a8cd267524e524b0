import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import { replayBackends } from '@/lib/http/replay';
import { POST as webhookPOST } from './alerts/webhook/route';
import { GET as appsGET } from './apps/route';
import { GET as batchGET } from './apps/[appId]/batches/[batchId]/route';
import { GET as compareGET } from './apps/[appId]/compare/[otherAppId]/route';
import { GET as runsGET } from './apps/[appId]/runs/route';
import { GET as timelineGET } from './apps/[appId]/timeline/route';
import { DELETE as unpinDELETE } from './incidents/[id]/evidence/route';
import { POST as notePOST } from './incidents/[id]/notes/route';
import { GET as savedGET } from './incidents/[id]/route';
import { POST as importPOST } from './incidents/import/route';
import { GET as incidentGET } from './incidents/resolve/route';
import { GET as incidentsGET, POST as incidentsPOST } from './incidents/route';
import { GET as contextGET } from './logs/[id]/context/route';
import { GET as logsGET } from './logs/route';
import { GET as signalsGET } from './apps/[appId]/signals/route';
import { GET as spanGET } from './traces/[traceId]/spans/[spanId]/route';
import { GET as traceGET } from './traces/[traceId]/route';
import { GET as tracesGET } from './traces/route';

// Every hostile input must be refused with a 4xx JSON error naming the parameter, before any
// backend is called: all four backend URLs point at a replay that records whatever reaches it.
const replay = replayBackends();
const WEBHOOK_TOKEN = 'hostile-input-webhook-token';
beforeAll(() => vi.stubEnv('ALERTS_WEBHOOK_TOKEN', WEBHOOK_TOKEN));
beforeEach(() =>
  replay.answer(() => Response.json({ error: 'a backend was called' }, { status: 500 })),
);

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const req = (path: string) => signedIn(`http://console.test${path}`);

const APP = 'app-20261125010400-0000';
const post = (body: string) =>
  signedIn('http://console.test/api/alerts/webhook', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
  });
const alert = {
  status: 'firing',
  labels: { alertname: 'StreamingNoInput' },
  annotations: {},
  startsAt: '2026-11-25T03:05:00Z',
  fingerprint: '40625df97d87fc29',
};
const webhook = { version: '4', status: 'firing', receiver: 'sparkwatch-console', alerts: [alert] };
// JSON.stringify cannot write an own __proto__ key; the raw text can.
const webhookWithLabels = (labels: string) =>
  JSON.stringify({ ...webhook, alerts: [{ ...alert, labels: 'LABELS' }] }).replace(
    '"LABELS"',
    labels,
  );
const postTo = (path: string, body: string) =>
  signedIn(`http://console.test${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
const INCIDENT = 'kW3v0bnJx2Yq8d5cLr9TAg';
const saveBody = (over: object) =>
  JSON.stringify({
    title: 't',
    view: 'app',
    appId: APP,
    window: { from: 1795568640000, to: 1795570000000 },
    logs: [],
    traces: [],
    ...over,
  });
const corpus: [string, () => Promise<Response>, string][] = [
  [
    'incident id walking the index path',
    () => savedGET(req('/api/incidents/x'), params({ id: '../../_search' }) as never),
    'id',
  ],
  [
    'note on a forged-looking id with a query',
    () =>
      notePOST(
        postTo('/api/incidents/x/notes', '{"text":"x"}'),
        params({ id: 'AAAAAAAAAAAAAAAAAAAAAA?q=*' }) as never,
      ),
    'id',
  ],
  [
    'unpin key with a wildcard',
    () =>
      unpinDELETE(
        signedIn(`http://console.test/api/incidents/${INCIDENT}/evidence?key=*`, {
          method: 'DELETE',
        }),
        params({ id: INCIDENT }) as never,
      ),
    'key',
  ],
  [
    'incident search with a query object in status',
    () =>
      incidentsGET(req('/api/incidents?status=%7B%22match_all%22%3A%7B%7D%7D'), undefined as never),
    'status',
  ],
  [
    'incident saved with an unknown field',
    () => incidentsPOST(postTo('/api/incidents', saveBody({ script: 'x' })), undefined as never),
    'body',
  ],
  [
    'incident pinning a document of the console’s own index',
    () =>
      incidentsPOST(
        postTo(
          '/api/incidents',
          saveBody({ logs: [{ index: 'sparkwatch-incidents', id: INCIDENT }] }),
        ),
        undefined as never,
      ),
    'body.logs[0].index',
  ],
  [
    'incident bundle with __proto__',
    () =>
      importPOST(
        postTo('/api/incidents/import', '{"format":"sparkwatch-incident","__proto__":{"x":1}}'),
        undefined as never,
      ),
    'body',
  ],
  [
    'PromQL matcher break-out in appId',
    () =>
      logsGET(
        req(`/api/logs?appId=${encodeURIComponent('x"} or vector(1) #')}`),
        undefined as never,
      ),
    'appId',
  ],
  [
    'regex matcher in appId',
    () => tracesGET(req(`/api/traces?appId=${encodeURIComponent('.*')}`), undefined as never),
    'appId',
  ],
  [
    'query DSL injection in executorId',
    () =>
      logsGET(
        req(`/api/logs?executorId=${encodeURIComponent('{"match_all":{}}')}`),
        undefined as never,
      ),
    'executorId',
  ],
  [
    'Lucene syntax in traceId',
    () =>
      logsGET(
        req(`/api/logs?traceId=${encodeURIComponent('* OR level:ERROR')}`),
        undefined as never,
      ),
    'traceId',
  ],
  ['negative stage id', () => logsGET(req('/api/logs?stageId=-1'), undefined as never), 'stageId'],
  [
    'path traversal as the compared run',
    () =>
      compareGET(
        req(`/api/apps/${APP}/compare/..%2F..%2Fenvironment`),
        params({ appId: APP, otherAppId: '../../environment' }),
      ),
    'otherAppId',
  ],
  [
    'a run compared with itself',
    () =>
      compareGET(req(`/api/apps/${APP}/compare/${APP}`), params({ appId: APP, otherAppId: APP })),
    'otherAppId',
  ],
  [
    'query string smuggled into the app id of runs',
    () =>
      runsGET(req('/api/apps/x%3Fstatus%3Drunning/runs'), params({ appId: 'x?status=running' })),
    'appId',
  ],
  [
    'batch id that is not a number',
    () =>
      batchGET(
        req(`/api/apps/${APP}/batches/1%20OR%201`),
        params({ appId: APP, batchId: '1 OR 1' }),
      ),
    'batchId',
  ],
  [
    'negative batch id',
    () => batchGET(req(`/api/apps/${APP}/batches/-1`), params({ appId: APP, batchId: '-1' })),
    'batchId',
  ],
  [
    'huge stage id',
    () => logsGET(req('/api/logs?stageId=99999999999999999999'), undefined as never),
    'stageId',
  ],
  ['float batch id', () => logsGET(req('/api/logs?batchId=1.5'), undefined as never), 'batchId'],
  ['unknown level', () => logsGET(req('/api/logs?level=EVIL'), undefined as never), 'level'],
  [
    'oversized free text',
    () => logsGET(req(`/api/logs?q=${'a'.repeat(501)}`), undefined as never),
    'q',
  ],
  ['limit too large', () => logsGET(req('/api/logs?limit=100000'), undefined as never), 'limit'],
  ['limit not a number', () => logsGET(req('/api/logs?limit=ten'), undefined as never), 'limit'],
  ['time not a time', () => logsGET(req('/api/logs?from=yesterday'), undefined as never), 'from'],
  [
    'time far in the future',
    () => logsGET(req('/api/logs?to=99999999999999'), undefined as never),
    'to',
  ],
  [
    'window reversed',
    () => logsGET(req('/api/logs?from=1795575000000&to=1795574000000'), undefined as never),
    'from',
  ],
  [
    'window over 31 days',
    () => appsGET(req('/api/apps?from=1700000000000&to=1795574000000'), undefined as never),
    'from',
  ],
  [
    'prototype pollution key',
    () => logsGET(req('/api/logs?__proto__=1'), undefined as never),
    '__proto__',
  ],
  [
    'constructor key',
    () => logsGET(req('/api/logs?constructor=x'), undefined as never),
    'constructor',
  ],
  [
    'repeated parameter',
    () => logsGET(req(`/api/logs?appId=${APP}&appId=${APP}`), undefined as never),
    'appId',
  ],
  [
    'forged cursor',
    () => logsGET(req('/api/logs?cursor=eyJhZnRlciI6W119'), undefined as never),
    'cursor',
  ],
  [
    'cursor with bad characters',
    () => logsGET(req(`/api/logs?cursor=${encodeURIComponent('../../etc')}`), undefined as never),
    'cursor',
  ],
  [
    'path traversal in app id',
    () => timelineGET(req('/api/apps/x/timeline'), params({ appId: '../../_cluster/settings' })),
    'appId',
  ],
  [
    'encoded slash in app id',
    () => timelineGET(req('/api/apps/x/timeline'), params({ appId: 'app-1%2F..' })),
    'appId',
  ],
  [
    'chart width absurd',
    () => timelineGET(req('/api/apps/x/timeline?width=1000000'), params({ appId: APP })),
    'width',
  ],
  [
    'path traversal in trace id',
    () => traceGET(req('/api/traces/x'), params({ traceId: '../api/services' })),
    'traceId',
  ],
  [
    'non-hex trace id',
    () => traceGET(req('/api/traces/x'), params({ traceId: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' })),
    'traceId',
  ],
  [
    'span id with query syntax',
    () => spanGET(req('/api/traces/x/spans/y'), params({ traceId: 'a'.repeat(32), spanId: '*:*' })),
    'spanId',
  ],
  [
    'metrics window upside down',
    () => signalsGET(req('/api/apps/x/signals?from=2000&to=1000'), params({ appId: APP })),
    'from',
  ],
  [
    'log id with query syntax',
    () => contextGET(req('/api/logs/x/context'), params({ id: '_all OR *' })),
    'id',
  ],
  ['missing required appId', () => tracesGET(req('/api/traces'), undefined as never), 'appId'],
  [
    'fingerprint injection',
    () =>
      incidentGET(
        req(`/api/incidents/resolve?fingerprint=${encodeURIComponent('a" or 1=1')}`),
        undefined as never,
      ),
    'fingerprint',
  ],
  [
    'missing fingerprint',
    () => incidentGET(req('/api/incidents/resolve'), undefined as never),
    'fingerprint',
  ],
  [
    'stage id in exponent form',
    () => logsGET(req('/api/logs?stageId=1e3'), undefined as never),
    'stageId',
  ],
  ['hex limit', () => logsGET(req('/api/logs?limit=0x10'), undefined as never), 'limit'],
  ['zero limit', () => logsGET(req('/api/logs?limit=0'), undefined as never), 'limit'],
  ['negative time', () => logsGET(req('/api/logs?from=-1'), undefined as never), 'from'],
  [
    'NUL byte in executor id',
    () => logsGET(req('/api/logs?executorId=driver%00'), undefined as never),
    'executorId',
  ],
  [
    'oversized app id',
    () => logsGET(req(`/api/logs?appId=app-${'9'.repeat(300)}`), undefined as never),
    'appId',
  ],
  [
    'webhook body that is not JSON',
    () => webhookPOST(post('{"alerts": ['), undefined as never),
    'body',
  ],
  [
    'webhook alerts of the wrong type',
    () => webhookPOST(post(JSON.stringify({ ...webhook, alerts: 'all' })), undefined as never),
    'body.alerts',
  ],
  [
    'webhook __proto__ label',
    () =>
      webhookPOST(post(webhookWithLabels('{"__proto__":"x","alertname":"A"}')), undefined as never),
    'body',
  ],
  [
    'webhook fingerprint with a matcher',
    () =>
      webhookPOST(
        post(JSON.stringify({ ...webhook, alerts: [{ ...alert, fingerprint: 'x"} or 1' }] })),
        undefined as never,
      ),
    'body.alerts.0.fingerprint',
  ],
];

describe('hostile inputs', () => {
  it.each(corpus)('%s → 400 naming the parameter, no backend call', async (_name, call, param) => {
    const response = await call();
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; param: string; message: string };
    };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.param).toBe(param);
    expect(body.error.message).not.toMatch(/at \w+ \(|node_modules/);
    expect(replay.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([]);
  });
});
