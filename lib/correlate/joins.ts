/**
 * Pure joins over domain data from the sources (no I/O): unit-tested and benchmarked alone.
 */
import { firstTime, forEachValue, lastTime, pushValue } from '@/lib/domain/series';
import type {
  Alert,
  AlertInterval,
  ExecutorEvent,
  LogEntry,
  MetricSeries,
  SourceName,
  SparkApp,
} from '@/lib/domain/types';

/** Firing intervals from Prometheus's ALERTS series (one value per step while firing). */
export function alertIntervals(series: MetricSeries[], stepMs: number): AlertInterval[] {
  const out: AlertInterval[] = [];
  for (const s of series) {
    let current: AlertInterval | undefined;
    forEachValue(s, (t) => {
      if (current && t - current.to <= stepMs * 1.5) {
        current.to = t;
      } else {
        if (current) out.push(current);
        current = {
          name: s.labels.alertname ?? 'alert',
          ...(s.labels.severity ? { severity: s.labels.severity } : {}),
          from: t,
          to: t,
          firing: false,
        };
      }
    });
    if (current) out.push(current);
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Marks intervals still firing now (listed active by Alertmanager) and adds active alerts not yet in the range data. */
export function withActiveAlerts(
  intervals: AlertInterval[],
  active: Alert[],
  windowTo: number,
): AlertInterval[] {
  const out = intervals.map((i) => ({ ...i }));
  for (const a of active) {
    const match = out.find(
      (i) => i.name === a.name && i.to >= Math.min(windowTo, Date.now()) - 5 * 60_000,
    );
    if (match) match.firing = true;
    else
      out.push({
        name: a.name,
        ...(a.severity ? { severity: a.severity } : {}),
        from: Math.min(a.startsAt, windowTo),
        to: windowTo,
        firing: true,
      });
  }
  return out;
}

const LOST = /^Lost executor (\S+) on [^:]+: (.*)$/;

export interface ExecutorEventsInput {
  /** Per-executor series of one range query, the driver's included (`executor_id="driver"`). */
  series: MetricSeries[];
  /** "Lost executor N on HOST: REASON" log lines (Spark logs them only for real losses). */
  lostLines: LogEntry[];
  /** Firing intervals of the app's alerts: a SparkExecutorLost one confirms a loss. */
  alerts?: AlertInterval[];
  window: { from: number; to: number };
  stepMs: number;
  executorLabel?: string;
}

/** How long after a disappearance the SparkExecutorLost rule may start firing for it. */
const RULE_WINDOW_MS = 10 * 60_000;

/**
 * Executor added / lost / removed events. An executor whose series ends together with the app's
 * (the driver's, else the last executor's) left with the app's normal end: no event. One that
 * ends while the app kept reporting is `lost` when Spark says so ("Lost executor N …", which
 * TaskSchedulerImpl logs for every loss but the driver's own kills, i.e. not for dynamic
 * allocation) or when SparkExecutorLost fired after it; otherwise `removed`.
 */
export function executorEvents(input: ExecutorEventsInput): ExecutorEvent[] {
  const { series, lostLines, alerts = [], window, stepMs } = input;
  const label = input.executorLabel ?? 'executor_id';
  const driver = series.find((s) => s.labels[label] === 'driver');
  const appLast = driver
    ? lastTime(driver)
    : Math.max(...series.map((s) => lastTime(s) ?? -Infinity));
  const ruleFired = (at: number) =>
    alerts.some(
      (a) => a.name === 'SparkExecutorLost' && a.to >= at && a.from <= at + RULE_WINDOW_MS,
    );
  const events: ExecutorEvent[] = [];
  for (const s of series) {
    const id = s.labels[label];
    const first = firstTime(s);
    const last = lastTime(s);
    if (!id || id === 'driver' || first === undefined || last === undefined) continue;
    if (first > window.from + stepMs) events.push({ executorId: id, kind: 'added', at: first });
    const appOutlived = appLast !== undefined && appLast - last > stepMs;
    if (last < window.to - 2 * stepMs && appOutlived)
      events.push({ executorId: id, kind: ruleFired(last) ? 'lost' : 'removed', at: last });
  }
  for (const line of lostLines) {
    const m = LOST.exec(line.message);
    if (!m?.[1]) continue;
    const id = m[1];
    const fromMetrics = events.find(
      (e) =>
        e.kind !== 'added' && e.executorId === id && Math.abs(e.at - line.timestamp) < 5 * 60_000,
    );
    if (fromMetrics) {
      fromMetrics.kind = 'lost';
      fromMetrics.at = line.timestamp;
      if (m[2]) fromMetrics.reason = m[2];
    } else
      events.push({
        executorId: id,
        kind: 'lost',
        at: line.timestamp,
        ...(m[2] ? { reason: m[2] } : {}),
      });
  }
  return events.sort((a, b) => a.at - b.at);
}

/**
 * How many executors have cores at each step, from the per-executor series of one range query
 * (what `count(metric > 0)` would answer, without asking Prometheus again): one series with no
 * labels, a gap where no executor has cores.
 */
export function executorCount(perExecutor: MetricSeries[]): MetricSeries[] {
  const [first] = perExecutor;
  if (!first) return [];
  const step = first.step;
  const start = Math.min(...perExecutor.map((s) => s.start));
  const counts: number[] = [];
  for (const s of perExecutor) {
    const offset = Math.round((s.start - start) / step);
    s.values.forEach((v, i) => {
      if (v !== null && v > 0) counts[offset + i] = (counts[offset + i] ?? 0) + 1;
    });
  }
  const count: MetricSeries = { labels: {}, start: 0, step, values: [] };
  counts.forEach((n, i) => pushValue(count, start + i * step, n));
  return count.values.length ? [count] : [];
}

export interface Sighting {
  appId: string;
  appName?: string;
  firstSeen?: number;
  lastSeen?: number;
  running?: boolean;
}

/** Apps in per-app metric series: first and last sample, and whether the app is live now. */
export function sightingsOf(
  series: MetricSeries[],
  labels: { appId: string; appName: string },
  running: Set<string>,
): Sighting[] {
  const out: Sighting[] = [];
  for (const s of series) {
    const appId = s.labels[labels.appId];
    const first = firstTime(s);
    const last = lastTime(s);
    if (!appId || first === undefined || last === undefined) continue;
    const appName = s.labels[labels.appName];
    out.push({
      appId,
      ...(appName ? { appName } : {}),
      firstSeen: first,
      lastSeen: last,
      running: running.has(appId),
    });
  }
  return out;
}

/** The union of apps seen by each backend, keyed by app id, with firing alerts counted. */
export function unionApps(
  seen: Partial<Record<SourceName, Sighting[]>>,
  alerts: Alert[],
): SparkApp[] {
  const apps = new Map<string, SparkApp>();
  for (const [source, list] of Object.entries(seen) as [SourceName, Sighting[]][]) {
    for (const s of list) {
      const app = apps.get(s.appId) ?? {
        appId: s.appId,
        running: false,
        firingAlerts: 0,
        seenIn: [],
      };
      if (!app.appName && s.appName) app.appName = s.appName;
      if (s.firstSeen !== undefined)
        app.firstSeen = Math.min(app.firstSeen ?? s.firstSeen, s.firstSeen);
      if (s.lastSeen !== undefined) app.lastSeen = Math.max(app.lastSeen ?? s.lastSeen, s.lastSeen);
      app.running ||= Boolean(s.running);
      if (!app.seenIn.includes(source)) app.seenIn.push(source);
      apps.set(s.appId, app);
    }
  }
  for (const a of alerts) {
    if (!a.appId || a.state === 'resolved') continue;
    const app = apps.get(a.appId) ?? {
      appId: a.appId,
      running: false,
      firingAlerts: 0,
      seenIn: ['alertmanager'],
    };
    if (!app.appName && a.appName) app.appName = a.appName;
    app.firingAlerts += 1;
    apps.set(a.appId, app);
  }
  return [...apps.values()].sort(
    (a, b) =>
      Number(b.running) - Number(a.running) ||
      b.firingAlerts - a.firingAlerts ||
      (b.lastSeen ?? 0) - (a.lastSeen ?? 0),
  );
}
