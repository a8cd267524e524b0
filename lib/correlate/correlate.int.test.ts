import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchLogs } from '@/lib/sources/elasticsearch/logs';
import { getTrace } from '@/lib/sources/jaeger/traces';
import { rangeQuery } from '@/lib/sources/prometheus/queries';
import { selector } from '@/lib/sources/prometheus/promql';
import { executorSeries } from './signals';
import { appTimeline } from './timeline';
import { findAlert, resolveIncident } from './incident';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';

// Against the seeded real stack (npm test runs the seed first).
const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
  batch: { appId: string; appName: string; startedAt: number; endedAt: number };
  incident: { executorLostAt: number; lostExecutorId: string };
};
const signal = () => new AbortController().signal;

describe('joins over the real backends', () => {
  it('the incident scope of StreamingNoInput holds the executor-lost line', async () => {
    const alert = (
      await listAlerts({ labels: { alertname: 'StreamingNoInput', app_id: sc.streaming.appId } })
    ).at(0);
    expect(alert).toBeDefined();
    const found = await findAlert(alert?.fingerprint ?? '', signal());
    const scope = await resolveIncident(found ?? alert!, signal());
    expect(scope?.sources.prometheus?.state).toBe('ok');
    expect(scope?.data.appId).toBe(sc.streaming.appId);
    // The window is the scope's own: its onset comes from the ALERTS series, even when
    // Alertmanager's startsAt was reset by a Prometheus restart.
    const page = await searchLogs({
      appId: sc.streaming.appId,
      ...scope!.data.window,
      levels: ['ERROR'],
      limit: 50,
    });
    expect(page.value.entries.map((e) => e.message)).toContain(
      `Lost executor ${sc.incident.lostExecutorId} on 192.0.2.2: Command exited with code 137`,
    );
  });

  it("the executor count lane equals Prometheus's own count(executors with cores)", async () => {
    const range = {
      appId: sc.streaming.appId,
      from: sc.incident.executorLostAt - 15 * 60_000,
      to: sc.window.to,
      maxPoints: 400,
    };
    const { count } = await executorSeries(range, signal());
    const sel = selector('metrics_executor_totalCores', { app_id: sc.streaming.appId });
    const counted = await rangeQuery(`count(${sel} > 0)`, range);
    expect(counted.value).toHaveLength(1);
    expect(count).toEqual(counted.value);
    // The seeded executor loss shows: two executors, then one.
    expect(new Set(count[0]?.values)).toEqual(new Set([2, 1]));
  });

  it('trace ids found in logs resolve to traces of the same app', async () => {
    const page = await searchLogs({
      appId: sc.streaming.appId,
      ...sc.window,
      q: 'Finished',
      limit: 20,
    });
    const traceIds = [
      ...new Set(page.value.entries.flatMap((e) => (e.traceId ? [e.traceId] : []))),
    ];
    expect(traceIds.length).toBeGreaterThan(0);
    for (const id of traceIds.slice(0, 5)) {
      const trace = await getTrace(id);
      expect(trace?.spans.every((s) => s.spark.appId === sc.streaming.appId)).toBe(true);
    }
  });

  it('a stage filter narrows logs and spans to the same stage', async () => {
    const page = await searchLogs({
      appId: sc.streaming.appId,
      ...sc.window,
      q: 'Finished task',
      limit: 20,
    });
    const line = page.value.entries.find((e) => e.stageId && e.traceId);
    const stageId = Number(line?.stageId);
    const logs = await searchLogs({ appId: sc.streaming.appId, ...sc.window, stageId, limit: 200 });
    expect(logs.value.entries.length).toBeGreaterThan(1);
    expect(logs.value.entries.every((e) => e.stageId === String(stageId))).toBe(true);
    const trace = await getTrace(line?.traceId ?? '');
    const stageSpans = trace?.spans.filter((s) => s.spark.stageId === String(stageId)) ?? [];
    expect(stageSpans).toHaveLength(1);
    // Executor lines of the stage carry its micro-batch's trace id; driver lines carry none.
    expect(new Set(logs.value.entries.flatMap((e) => (e.traceId ? [e.traceId] : [])))).toEqual(
      new Set([line?.traceId]),
    );
  });

  it("an app's normal end draws no lost executor; a real loss still does", async () => {
    // revenue-nightly's executors stop with its driver; the streaming app loses one mid-run.
    const ended = await appTimeline(
      {
        appId: sc.batch.appId,
        from: sc.batch.startedAt - 10 * 60_000,
        to: sc.batch.endedAt + 20 * 60_000,
        width: 400,
      },
      signal(),
    );
    expect(ended.sources.prometheus?.state).toBe('ok');
    expect(ended.data.executors.count.length).toBe(1);
    expect(ended.data.executors.events.filter((e) => e.kind !== 'added')).toEqual([]);
    const lost = await appTimeline(
      {
        appId: sc.streaming.appId,
        from: sc.incident.executorLostAt - 15 * 60_000,
        to: sc.window.to,
        width: 400,
      },
      signal(),
    );
    expect(lost.data.executors.events).toContainEqual(
      expect.objectContaining({ executorId: sc.incident.lostExecutorId, kind: 'lost' }),
    );
  });

  it(
    'with Alertmanager down the timeline still answers from the other backends',
    { timeout: 180_000 },
    async () => {
      const pid = Number(readFileSync('.stack/run/alertmanager.pid', 'utf8'));
      process.kill(pid, 'SIGKILL');
      try {
        const t = await appTimeline(
          {
            appId: sc.streaming.appId,
            appName: sc.streaming.appName,
            from: sc.incident.executorLostAt - 15 * 60_000,
            to: sc.window.to,
            width: 400,
          },
          signal(),
        );
        expect(t.sources.alertmanager?.state).toBe('error');
        expect(t.sources.alertmanager?.error?.message).toMatch(/unreachable/);
        expect(t.sources.prometheus?.state).toBe('ok');
        expect(t.sources.elasticsearch?.state).toBe('ok');
        expect(t.sources.jaeger?.state).toBe('ok');
        expect(t.data.signals.find((s) => s.id === 'inputRate')?.series.length).toBeGreaterThan(0);
        expect(t.data.batches.length).toBeGreaterThan(0);
        expect(
          t.data.executors.events.some(
            (e) => e.kind === 'lost' && e.executorId === sc.incident.lostExecutorId,
          ),
        ).toBe(true);
      } finally {
        execFileSync('bash', ['scripts/stack.sh', 'up', 'alertmanager'], { stdio: 'inherit' });
        // Prometheus re-sends firing alerts within a minute; later tests expect them listed again.
        const deadline = Date.now() + 120_000;
        while (
          Date.now() < deadline &&
          (await listAlerts({ labels: { alertname: 'StreamingNoInput' } }).catch(() => []))
            .length === 0
        ) {
          await new Promise((r) => setTimeout(r, 2_000));
        }
      }
    },
  );
});
