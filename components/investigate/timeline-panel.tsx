'use client';

import { useQuery } from '@tanstack/react-query';
import { memo, useMemo } from 'react';
import { BatchChart } from '@/components/charts/batch-chart';
import { seriesName, toRows } from '@/components/charts/rows';
import { type Marker, type Shade, TimeChart } from '@/components/charts/time-chart';
import { VolumeChart } from '@/components/charts/volume-chart';
import { Card } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import type { Signal, Timeline, TraceSummary } from '@/lib/domain/types';
import { timelineQuery } from '@/lib/queries/api';

interface Props {
  appId: string;
  appName?: string | undefined;
  from: number;
  to: number;
  selectedBatch?: number | null;
  onZoom: (w: { from: number; to: number }) => void;
  onSelectBatch: (b: TraceSummary) => void;
}

function chartOf(signals: Signal[], ids: string[]) {
  const picked = signals.filter((s) => ids.includes(s.id));
  const series = picked.flatMap((s) =>
    s.series.map((x) => ({
      name: picked.length > 1 ? s.title : seriesName(x, s.title),
      series: x,
    })),
  );
  return {
    data: toRows(series),
    unit: picked[0]?.unit ?? '',
    empty: series.every((s) => s.series.values.length === 0),
  };
}

function AlertLane({ t, domain }: { t: Timeline; domain: [number, number] }) {
  const span = domain[1] - domain[0];
  if (!t.alerts.length) return <p className="text-xs text-muted">No alert fired in this window.</p>;
  const names = [...new Set(t.alerts.map((a) => a.name))];
  return (
    <div className="space-y-1" data-testid="alert-lane">
      {names.map((name) => (
        <div key={name} className="relative h-5 rounded bg-zinc-100 dark:bg-zinc-800">
          {t.alerts
            .filter((a) => a.name === name)
            .map((a, i) => {
              const left = Math.max(0, ((a.from - domain[0]) / span) * 100);
              const width = Math.max(
                0.6,
                ((Math.min(a.to, domain[1]) - Math.max(a.from, domain[0])) / span) * 100,
              );
              return (
                <div
                  key={i}
                  title={`${a.name} ${formatTime(a.from, true)} → ${a.firing ? 'now' : formatTime(a.to, true)}`}
                  className={`absolute top-0 bottom-0 rounded ${a.severity === 'critical' ? 'bg-red-600' : 'bg-amber-500'}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              );
            })}
          <span className="pointer-events-none absolute top-0 left-1 text-[11px] leading-5 font-medium text-zinc-800 dark:text-zinc-100">
            {name}
          </span>
        </div>
      ))}
    </div>
  );
}

function Lane({
  title,
  children,
  testId,
}: {
  title: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <h3 className="mb-1 text-xs font-medium text-muted uppercase tracking-wide">{title}</h3>
      {children}
    </div>
  );
}

function TimelinePanelView(props: Props) {
  const window = { from: props.from, to: props.to };
  const query = useQuery(timelineQuery(props.appId, window, props.appName));
  const t = query.data?.data;
  return (
    <Card title="Timeline" testId="timeline-panel">
      <div>
        <SourceStatuses sources={query.data?.sources} />
        {query.isPending ? (
          <div className="space-y-3">
            <Skeleton className="h-6" />
            <div className="grid gap-3 lg:grid-cols-2">
              <Skeleton className="h-36" />
              <Skeleton className="h-36" />
            </div>
          </div>
        ) : query.error ? (
          <p role="alert" className="text-sm text-red-700">
            {query.error.message}
          </p>
        ) : t ? (
          <TimelineLanes
            t={t}
            from={props.from}
            to={props.to}
            selectedBatch={props.selectedBatch}
            onZoom={props.onZoom}
            onSelectBatch={props.onSelectBatch}
          />
        ) : null}
      </div>
    </Card>
  );
}

/**
 * The lanes of one timeline answer, live or frozen in a saved incident: without `onZoom` and
 * `onSelectBatch` the charts only show.
 */
export function TimelineLanes({
  t,
  from,
  to,
  selectedBatch,
  onZoom,
  onSelectBatch,
}: {
  t: Timeline;
  from: number;
  to: number;
  selectedBatch?: number | null | undefined;
  onZoom?: ((w: { from: number; to: number }) => void) | undefined;
  onSelectBatch?: ((b: TraceSummary) => void) | undefined;
}) {
  // Derived once per answer, so re-renders for a selected batch leave the memoised charts alone.
  const { domain, shades, lost, rates, others, executors } = useMemo(() => {
    const domain: [number, number] = [from, to];
    const shades: Shade[] = t.alerts.map((a) => ({
      from: a.from,
      to: a.to,
      color: a.severity === 'critical' ? '#ef4444' : '#f59e0b',
    }));
    const lost: Marker[] = t.executors.events
      .filter((e) => e.kind === 'lost')
      .map((e) => ({ at: e.at, label: `executor ${e.executorId} lost` }));
    const rates = chartOf(t.signals, ['inputRate', 'processingRate']);
    const others = t.signals
      .filter((s) => !['inputRate', 'processingRate'].includes(s.id))
      .map((s) => ({ s, ...chartOf(t.signals, [s.id]) }))
      .filter((c) => !c.empty);
    const executors = toRows(t.executors.count.map((s) => ({ name: 'executors', series: s })));
    return { domain, shades, lost, rates, others, executors };
  }, [t, from, to]);
  const zoom = onZoom ? { onZoom } : {};
  return (
    <div className="space-y-4">
      <Lane title="Alerts">
        <AlertLane t={t} domain={domain} />
      </Lane>
      <div className="grid gap-4 lg:grid-cols-2">
        {!rates.empty ? (
          <Lane title="Input vs processing rate (rows/s)" testId="lane-rates">
            <TimeChart
              data={rates.data}
              unit="rows/s"
              domain={domain}
              shades={shades}
              markers={lost}
              {...zoom}
            />
          </Lane>
        ) : null}
        {others.map(({ s, data }) => (
          <Lane key={s.id} title={`${s.title} (${s.unit})`} testId={`lane-${s.id}`}>
            <TimeChart
              data={data}
              unit={s.unit}
              domain={domain}
              shades={shades}
              markers={lost}
              {...zoom}
            />
          </Lane>
        ))}
        <Lane title="Executors" testId="lane-executors">
          {executors.rows.length ? (
            <TimeChart
              data={executors}
              unit=""
              domain={domain}
              markers={lost}
              height={110}
              {...zoom}
            />
          ) : (
            <Empty title="No executor metrics for this app in the window." />
          )}
          <ul className="mt-1 space-y-0.5 text-xs" data-testid="executor-events">
            {t.executors.events.map((e, i) => (
              <li
                key={i}
                className={e.kind === 'lost' ? 'text-red-700 dark:text-red-400' : 'text-muted'}
              >
                {formatTime(e.at, true)} · executor {e.executorId} {e.kind}
                {e.reason ? ` — ${e.reason}` : ''}
              </li>
            ))}
          </ul>
        </Lane>
        <Lane title="Log volume by level" testId="lane-log-volume">
          {t.logVolume.length ? (
            <VolumeChart buckets={t.logVolume} domain={domain} />
          ) : (
            <Empty title="No log lines for this app in the window." />
          )}
        </Lane>
      </div>
      <Lane
        title={`Batches and jobs from traces (${t.batches.length})${onSelectBatch ? ' — click one to filter logs and traces' : ''}`}
      >
        {t.batches.length ? (
          <BatchChart
            batches={t.batches}
            domain={domain}
            selected={selectedBatch ?? null}
            onSelect={onSelectBatch ?? (() => undefined)}
          />
        ) : (
          <Empty
            title="No traces for this app in the window."
            hint="Traces come from the Miaradia listener over OTLP; widen the window or check the Jaeger status."
          />
        )}
      </Lane>
    </div>
  );
}

/** Memoised: log / trace filter changes in the URL don't redraw the charts. */
export const TimelinePanel = memo(TimelinePanelView);
