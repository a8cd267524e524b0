import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import { answerRef, departures, documentedPath } from '@/lib/api/conformance';
import type { Incident, IncidentBundle, IncidentSummary } from '@/lib/domain/types';

// Incidents saved from the seeded stack's real log lines and trace, into indices of this run's
// own (removed afterwards): the shared stack's documents are only read.
const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
  traces: { spikeBatch: string };
};
const es = new Client({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' });
const prefix = `sparkwatch-test-inc-${process.pid}`;
const otherPrefix = `${prefix}-imported`;
let logRefs: { index: string; id: string }[] = [];

type Handler = (r: Request, c: never) => Promise<Response>;
const context = (id?: string) => ({ params: Promise.resolve(id ? { id } : {}) }) as never;

async function call(
  handler: Handler,
  path: string,
  init: { method?: string; body?: unknown; id?: string } = {},
) {
  const request = signedIn(`http://console.test${path}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : {
          body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  const response = await handler(request, context(init.id));
  const text = await response.text();
  const body = (text.startsWith('{') ? JSON.parse(text) : text) as Record<string, unknown>;
  if (response.ok && typeof body === 'object') {
    const pathname = new URL(request.url).pathname;
    const documented = documentedPath(pathname);
    expect(documented, `${pathname} is documented`).toBeDefined();
    const method = (init.method ?? 'GET').toLowerCase();
    expect(departures(answerRef(documented ?? '', method), body)).toEqual([]);
  }
  return { status: response.status, body };
}

async function routes() {
  return {
    list: await import('./route'),
    one: await import('./[id]/route'),
    notes: await import('./[id]/notes/route'),
    evidence: await import('./[id]/evidence/route'),
    live: await import('./[id]/live/route'),
    exported: await import('./[id]/export/route'),
    imported: await import('./import/route'),
  };
}

const count = async (p = prefix) =>
  (await es.count({ index: `${p}-incidents`, ignore_unavailable: true, allow_no_indices: true }))
    .count;

beforeAll(async () => {
  vi.stubEnv('ES_CONSOLE_INDEX_PREFIX', prefix);
  vi.resetModules();
  const found = await es.search<Record<string, unknown>>({
    index: 'spark-logs-*',
    size: 2,
    query: { term: { traceId: sc.traces.spikeBatch } },
  });
  logRefs = found.hits.hits.map((h) => ({ index: h._index, id: h._id ?? '' }));
  expect(logRefs).toHaveLength(2);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  for (const p of [prefix, otherPrefix])
    await es.indices.delete({ index: `${p}-incidents`, ignore_unavailable: true });
  await es.close();
});

const save = (over: Record<string, unknown> = {}) => ({
  title: 'Input stopped on <b>miaradia</b>',
  view: 'app',
  appId: sc.streaming.appId,
  appName: sc.streaming.appName,
  window: sc.window,
  filters: { level: 'ERROR,WARN' },
  logs: logRefs,
  traces: [sc.traces.spikeBatch],
  ...over,
});

describe('incidents (real Elasticsearch and Jaeger)', () => {
  let incident: Incident;

  it('saves an incident with its evidence copied in whole', async () => {
    const r = await routes();
    const created = await call(r.list.POST, '/api/incidents', { method: 'POST', body: save() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    incident = (created.body as { data: Incident }).data;
    expect(incident.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(incident.status).toBe('open');
    expect(incident.evidence.logs.map((l) => l.entry.id)).toEqual(logRefs.map((l) => l.id));
    // The whole document, every field the shipper wrote, not only what the list shows.
    expect(incident.evidence.logs[0]?.document).toMatchObject({
      traceId: sc.traces.spikeBatch,
      appId: sc.streaming.appId,
    });
    const trace = incident.evidence.traces[0]?.detail.trace;
    expect(trace?.traceId).toBe(sc.traces.spikeBatch);
    expect(trace?.spans.length).toBeGreaterThan(1);
    expect(incident.evidence.timeline?.timeline.signals.length).toBeGreaterThan(0);
    expect(incident.queries.map((q) => q.label)).toContain('logs');
    expect(incident.queries.find((q) => q.label === 'app view')?.url).toContain(
      `/apps/${sc.streaming.appId}?`,
    );
    expect(incident.history).toEqual([
      expect.objectContaining({ who: 'test-admin', what: expect.stringContaining('2 log lines') }),
    ]);
    const read = await call(r.one.GET, `/api/incidents/${incident.id}`, { id: incident.id });
    expect(read.body).toEqual({ data: incident });
  });

  it('says the pinned pieces are still live in their backends', async () => {
    const r = await routes();
    const live = await call(r.live.GET, `/api/incidents/${incident.id}/live`, { id: incident.id });
    expect(live.body).toEqual({
      data: {
        logs: Object.fromEntries(incident.evidence.logs.map((l) => [l.key, true])),
        traces: { [`trace:${sc.traces.spikeBatch}`]: true },
      },
      unknown: [],
    });
  });

  it('lists incidents per app and finds them by title and note text', async () => {
    const r = await routes();
    const note = await call(r.notes.POST, `/api/incidents/${incident.id}/notes`, {
      method: 'POST',
      id: incident.id,
      body: { text: 'Executor 1 was OOM-killed by the node; raising memoryOverhead' },
    });
    expect(note.status).toBe(201);
    const list = async (search: string) =>
      ((await call(r.list.GET, `/api/incidents?${search}`)).body as { data: IncidentSummary[] })
        .data;
    expect((await list(`appId=${sc.streaming.appId}`)).map((s) => s.id)).toEqual([incident.id]);
    expect(await list('appId=app-20000101000000-9999')).toEqual([]);
    expect((await list('q=miaradia')).map((s) => s.id)).toEqual([incident.id]);
    expect((await list('q=memoryOverhead')).map((s) => s.id)).toEqual([incident.id]);
    expect(await list('q=nothing-like-this')).toEqual([]);
    expect((await list('status=open'))[0]).toMatchObject({ pinned: { logs: 2, traces: 1 } });
  });

  it('changes status, unpins and re-pins, recording who did what', async () => {
    const r = await routes();
    const id = incident.id;
    const patched = await call(r.one.PATCH, `/api/incidents/${id}`, {
      method: 'PATCH',
      id,
      body: { status: 'mitigated' },
    });
    expect((patched.body as { data: Incident }).data.status).toBe('mitigated');
    const key = incident.evidence.logs[1]?.key ?? '';
    const unpinned = await call(
      r.evidence.DELETE,
      `/api/incidents/${id}/evidence?key=${encodeURIComponent(key)}`,
      { method: 'DELETE', id },
    );
    expect((unpinned.body as { data: Incident }).data.evidence.logs).toHaveLength(1);
    const pinned = await call(r.evidence.POST, `/api/incidents/${id}/evidence`, {
      method: 'POST',
      id,
      body: { log: logRefs[1] },
    });
    const after = (pinned.body as { data: Incident }).data;
    expect(after.evidence.logs.map((l) => l.key).sort()).toEqual(
      incident.evidence.logs.map((l) => l.key).sort(),
    );
    expect(after.history.map((h) => h.what)).toEqual([
      expect.stringContaining('saved'),
      'added a note',
      'status open → mitigated',
      `unpinned ${key}`,
      `pinned ${key}`,
    ]);
    expect(after.history.every((h) => h.who === 'test-admin')).toBe(true);
  });

  it('keeps every one of concurrent notes (optimistic concurrency, retried)', async () => {
    const r = await routes();
    const id = incident.id;
    const before = (await call(r.one.GET, `/api/incidents/${id}`, { id })).body as {
      data: Incident;
    };
    const posts = await Promise.all(
      ['a', 'b', 'c'].map((t) =>
        call(r.notes.POST, `/api/incidents/${id}/notes`, {
          method: 'POST',
          id,
          body: { text: `concurrent ${t}` },
        }),
      ),
    );
    expect(posts.map((p) => p.status)).toEqual([201, 201, 201]);
    const after = (await call(r.one.GET, `/api/incidents/${id}`, { id })).body as {
      data: Incident;
    };
    expect(after.data.notes.length).toBe(before.data.notes.length + 3);
  });

  it('saves the alert with its labels, fingerprint and onset, and the incident view it came from', async () => {
    const r = await routes();
    const am = process.env.ALERTMANAGER_URL ?? 'http://127.0.0.1:9093';
    const active = (await (await fetch(`${am}/api/v2/alerts`)).json()) as {
      fingerprint: string;
      startsAt: string;
      labels: Record<string, string>;
    }[];
    const alert = active.find(
      (a) => a.labels.alertname === 'StreamingNoInput' && a.labels.app_id === sc.streaming.appId,
    );
    expect(alert, 'the seeded StreamingNoInput alert is active').toBeDefined();
    const saved = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: save({ view: 'incident', alert: alert?.fingerprint, logs: [], traces: [] }),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const withAlert = (saved.body as { data: Incident }).data;
    expect(withAlert.alert).toMatchObject({
      fingerprint: alert?.fingerprint,
      name: 'StreamingNoInput',
      labels: { alertname: 'StreamingNoInput', app_id: sc.streaming.appId },
    });
    // The onset is Prometheus's, at or before Alertmanager's startsAt (which restarts with it).
    expect(withAlert.alert?.onset).toBeLessThanOrEqual(Date.parse(alert?.startsAt ?? ''));
    expect(withAlert.queries[0]?.url).toContain(`alert=${alert?.fingerprint}`);
    // Found from the alert: what its notification's link (the incident view) lists.
    const ofAlert = await call(r.list.GET, `/api/incidents?alert=${alert?.fingerprint}`);
    expect((ofAlert.body as { data: IncidentSummary[] }).data.map((s) => s.id)).toEqual([
      withAlert.id,
    ]);
    const stored = await count();
    const forged = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: save({ view: 'incident', alert: 'ffffffffffffffff', logs: [], traces: [] }),
    });
    expect(forged).toMatchObject({ status: 422, body: { error: { param: 'body.alert' } } });
    expect(await count()).toBe(stored);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const r = await routes();
    const id = incident.id;
    const stored = await count();
    const one = async () =>
      ((await call(r.one.GET, `/api/incidents/${id}`, { id })).body as { data: Incident }).data;
    const was = await one();
    const forged = 'AAAAAAAAAAAAAAAAAAAAAA';
    expect((await call(r.one.GET, `/api/incidents/${forged}`, { id: forged })).status).toBe(404);
    const bad = await call(r.one.GET, '/api/incidents/..%2f..', { id: '../..' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { param: 'id' } });
    const big = await call(r.notes.POST, `/api/incidents/${id}/notes`, {
      method: 'POST',
      id,
      body: { text: 'x'.repeat(10 * 1024 + 1) },
    });
    expect(big.status).toBe(413);
    const huge = await call(r.notes.POST, `/api/incidents/${id}/notes`, {
      method: 'POST',
      id,
      body: { text: 'x'.repeat(64 * 1024) },
    });
    expect(huge.status).toBe(413);
    const extra = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: save({ colour: 'red' }),
    });
    expect(extra).toMatchObject({ status: 400, body: { error: { param: 'body' } } });
    const notLogs = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: save({ logs: [{ index: `${prefix}-incidents`, id }] }),
    });
    expect(notLogs).toMatchObject({
      status: 400,
      body: { error: { param: 'body.logs[0].index' } },
    });
    const gone = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: save({ traces: ['0123456789abcdef0123456789abcdef'] }),
    });
    expect(gone).toMatchObject({ status: 422, body: { error: { param: 'body.traces[0]' } } });
    const pinGone = await call(r.evidence.POST, `/api/incidents/${id}/evidence`, {
      method: 'POST',
      id,
      body: { trace: '0123456789abcdef0123456789abcdef' },
    });
    expect(pinGone).toMatchObject({ status: 422, body: { error: { param: 'body.trace' } } });
    const proto = await call(r.list.POST, '/api/incidents', {
      method: 'POST',
      body: '{"__proto__":{"x":1}}',
    });
    expect(proto.status).toBe(400);
    expect(await count()).toBe(stored);
    expect(await one()).toEqual(was);
  });

  it('exports a bundle that imports into another console and renders the same', async () => {
    const r = await routes();
    const id = incident.id;
    const original = (
      (await call(r.one.GET, `/api/incidents/${id}`, { id })).body as {
        data: Incident;
      }
    ).data;
    const exported = await call(r.exported.GET, `/api/incidents/${id}/export?format=json`, { id });
    const bundle = exported.body as unknown as IncidentBundle;
    expect(bundle.format).toBe('sparkwatch-incident');
    // Another Sparkwatch: its own, fresh index.
    vi.stubEnv('ES_CONSOLE_INDEX_PREFIX', otherPrefix);
    vi.resetModules();
    const other = await routes();
    const forged = JSON.parse(JSON.stringify(bundle)) as { incident: Record<string, unknown> };
    forged.incident.evidence = { ...(forged.incident.evidence as object), script: 'x' };
    const refused = await call(other.imported.POST, '/api/incidents/import', {
      method: 'POST',
      body: forged,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { param: 'body.incident.evidence.script' } },
    });
    expect(await count(otherPrefix)).toBe(0);
    // A console that reads back at most 128 KiB refuses an incident it could never open again.
    vi.stubEnv('UPSTREAM_MAX_BYTES', String(128 * 1024));
    vi.resetModules();
    const small = await routes();
    const tooBig = await call(small.imported.POST, '/api/incidents/import', {
      method: 'POST',
      body: bundle,
    });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { param: 'body' } } });
    expect(await count(otherPrefix)).toBe(0);
    vi.stubEnv('UPSTREAM_MAX_BYTES', String(32 * 1024 * 1024));
    vi.resetModules();
    const imported = await call((await routes()).imported.POST, '/api/incidents/import', {
      method: 'POST',
      body: bundle,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const copy = (imported.body as { data: Incident }).data;
    expect(copy.id).not.toBe(id);
    const html = async (rs: typeof r, incidentId: string) =>
      (
        await call(rs.exported.GET, `/api/incidents/${incidentId}/export?format=html`, {
          id: incidentId,
        })
      ).body as unknown as string;
    const { incidentHtml } = await import('@/lib/correlate/incident-html');
    // The same incident rendered: only its id, its history's import line and the export time differ.
    const rendered = (i: Incident) =>
      incidentHtml(
        { ...i, id: 'ID', updatedAt: 0, history: i.history.slice(0, original.history.length) },
        0,
      );
    expect(rendered(copy)).toBe(rendered(original));
    expect(await html(other, copy.id)).toContain(original.evidence.logs[0]?.entry.message ?? '?');
    vi.stubEnv('ES_CONSOLE_INDEX_PREFIX', prefix);
    vi.resetModules();
    expect(await html(await routes(), id)).toContain(
      'Input stopped on &lt;b&gt;miaradia&lt;/b&gt;',
    );
  });
});
