'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatBytes, formatDuration, formatTime } from '@/components/ui/format';
import { flagText, percent } from './flag-text';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { DataTable } from '@/components/ui/table';
import type { StageFlag, StageRow } from '@/lib/domain/spark';
import { stageSummariesQuery, stagesQuery } from '@/lib/queries/api';
import { logsHref } from '@/lib/url/logs';
import { tracesHref } from '@/lib/url/traces';

const TONE: Record<StageFlag['kind'], Tone> = {
  skew: 'warn',
  spill: 'warn',
  gc: 'warn',
  fetchWait: 'warn',
  failed: 'bad',
};

/** The stage's own time, a minute either side: where its logs and span are. */
function stageWindow(s: StageRow, fallback: { from: number; to: number }) {
  return {
    from: (s.submitted ?? fallback.from) - 60_000,
    to: (s.completed ?? s.submitted ?? fallback.to) + 60_000,
  };
}

function Flags({
  stage,
  appId,
  fallback,
}: {
  stage: StageRow;
  appId: string;
  fallback: { from: number; to: number };
}) {
  if (!stage.flags.length) return null;
  const w = stageWindow(stage, fallback);
  return (
    <div className="flex flex-col gap-1">
      {stage.flags.map((f) => (
        <span
          key={f.kind}
          className="flex flex-wrap items-center gap-1.5"
          data-testid={`flag-${f.kind}`}
        >
          <Badge tone={TONE[f.kind]}>{f.kind}</Badge>
          <span className="text-xs">{flagText(f)}</span>
          {[
            { label: 'logs', href: logsHref({ appId, stageId: stage.stageId, ...w }) },
            { label: 'span', href: tracesHref({ appId, stageId: stage.stageId, ...w }) },
          ].map((l) => (
            <Link
              key={l.label}
              className="text-xs text-sky-700 underline dark:text-sky-400"
              href={l.href}
              data-testid={`flag-${l.label}`}
            >
              {l.label}
            </Link>
          ))}
        </span>
      ))}
    </div>
  );
}

type TaskDuration = StageRow['taskDurationMs'];

/** GC time over run time; `gcShare` as incidents saved before the answer left it out had it. */
const gcShare = (s: StageRow) => (s.runTimeMs ? (s.gcTimeMs ?? 0) / s.runTimeMs : s.gcShare);

const quantileAt = (d: TaskDuration, at: number) => {
  const i = d ? d.quantiles.findIndex((q) => Math.abs(q - at) < 1e-9) : -1;
  const v = i >= 0 ? d?.values[i] : undefined;
  return v === undefined ? '—' : formatDuration(v);
};

const keyOf = (s: { stageId: number; attemptId: number }) => `${s.stageId}.${s.attemptId}`;

/** Rows per request for the task quantiles the stage list did not carry: blocks stay cached. */
const SUMMARY_BLOCK = 25;

/**
 * The task-duration quantiles of the rows in view that the stage list left out (it carries them
 * only for stages that can be skewed), asked for by fixed blocks of rows so scrolling back
 * reuses them. Off for a saved incident's rows: those show what was saved.
 */
function useViewedQuantiles(
  appId: string,
  stages: StageRow[],
  indices: number[],
  live: boolean,
): { quantiles: Map<string, TaskDuration>; pending: Set<string> } {
  const blocks = [...new Set(indices.map((i) => Math.floor(i / SUMMARY_BLOCK)))];
  const wanted = live
    ? blocks.map((b) =>
        stages
          .slice(b * SUMMARY_BLOCK, (b + 1) * SUMMARY_BLOCK)
          .filter((s) => !s.taskDurationMs && s.numTasks > 0)
          .map(keyOf),
      )
    : [];
  const results = useQueries({
    queries: wanted.map((keys) => ({
      ...stageSummariesQuery(appId, keys),
      enabled: keys.length > 0,
    })),
  });
  const quantiles = new Map<string, TaskDuration>();
  const pending = new Set<string>();
  results.forEach((r, i) => {
    for (const s of r.data?.data.summaries ?? []) quantiles.set(keyOf(s), s.taskDurationMs);
    if (r.isFetching) for (const k of wanted[i] ?? []) pending.add(k);
  });
  return { quantiles, pending };
}

const HEAD = [
  'stage',
  'job',
  'description',
  'status',
  'submitted',
  'duration',
  'tasks',
  'task p50 / p95 / max',
  'input',
  'output',
  'shuffle read',
  'shuffle write',
  'spill',
  'GC',
  'diagnosis',
];

/** Rows measured as they mount: flags make some taller than others. */
const ROW_ESTIMATE = 33;

const StageRowView = memo(function StageRowView({
  s,
  appId,
  fallback,
  index,
  measure,
  taskDuration,
  loading,
}: {
  s: StageRow;
  appId: string;
  fallback: { from: number; to: number };
  index: number;
  measure: (el: HTMLTableRowElement | null) => void;
  /** The row's task quantiles when the stage list left them out. */
  taskDuration: TaskDuration;
  loading: boolean;
}) {
  const d = s.taskDurationMs ?? taskDuration;
  return (
    <tr
      ref={measure}
      data-index={index}
      className="border-t border-zinc-100 align-top dark:border-zinc-800"
      data-testid="stage-row"
      data-stage-id={s.stageId}
    >
      <td className="px-2 py-1 font-mono">
        {s.stageId}
        {s.attemptId ? `.${s.attemptId}` : ''}
      </td>
      <td className="px-2 py-1 font-mono">{s.jobIds.join(', ')}</td>
      <td className="max-w-64 truncate px-2 py-1" title={s.name}>
        {s.description ?? s.name}
      </td>
      <td className="px-2 py-1">{s.status.toLowerCase()}</td>
      <td className="whitespace-nowrap px-2 py-1">{s.submitted ? formatTime(s.submitted) : '—'}</td>
      <td className="whitespace-nowrap px-2 py-1">
        {s.durationMs === undefined ? '—' : formatDuration(s.durationMs)}
      </td>
      <td className="whitespace-nowrap px-2 py-1">
        {s.numTasks}
        {s.failedTasks ? (
          <span className="text-red-700 dark:text-red-400"> ({s.failedTasks} failed)</span>
        ) : null}
      </td>
      <td className="whitespace-nowrap px-2 py-1" data-testid="task-quantiles">
        {!d && loading
          ? '…'
          : `${quantileAt(d, 0.5)} / ${quantileAt(d, 0.95)} / ${quantileAt(d, 1)}`}
      </td>
      <td className="whitespace-nowrap px-2 py-1">{formatBytes(s.inputBytes ?? 0)}</td>
      <td className="whitespace-nowrap px-2 py-1">{formatBytes(s.outputBytes ?? 0)}</td>
      <td className="whitespace-nowrap px-2 py-1">{formatBytes(s.shuffleReadBytes ?? 0)}</td>
      <td className="whitespace-nowrap px-2 py-1">{formatBytes(s.shuffleWriteBytes ?? 0)}</td>
      <td className="whitespace-nowrap px-2 py-1">
        {formatBytes((s.memorySpilledBytes ?? 0) + (s.diskSpilledBytes ?? 0))}
      </td>
      <td className="whitespace-nowrap px-2 py-1">{percent(gcShare(s))}</td>
      <td className="px-2 py-1">
        <Flags stage={s} appId={appId} fallback={fallback} />
      </td>
    </tr>
  );
});

/**
 * The rows, virtualised: an app of thousands of stages mounts only those in view (and a few
 * more), so scrolling and re-rendering stay cheap.
 */
function StageRows({
  stages,
  appId,
  fallback,
  live,
}: {
  stages: StageRow[];
  appId: string;
  fallback: { from: number; to: number };
  /** Spark's current record (not a saved incident's): rows in view get their task quantiles. */
  live: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: stages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 10,
    initialRect: { width: 1200, height: 512 },
  });
  const items = virtual.getVirtualItems();
  const viewed = useViewedQuantiles(
    appId,
    stages,
    items.map((i) => i.index),
    live,
  );
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={scroller}
      className="max-h-[32rem] overflow-auto"
      tabIndex={0}
      role="region"
      aria-label="stages"
      data-testid="stage-scroller"
    >
      <DataTable columns={HEAD} testId="stage-table">
        {top > 0 ? <tr aria-hidden style={{ height: top }} /> : null}
        {items.map((item) => {
          const s = stages[item.index]!;
          return (
            <StageRowView
              key={`${s.stageId}.${s.attemptId}`}
              s={s}
              appId={appId}
              fallback={fallback}
              index={item.index}
              measure={virtual.measureElement}
              taskDuration={viewed.quantiles.get(keyOf(s))}
              loading={viewed.pending.has(keyOf(s))}
            />
          );
        })}
        {bottom > 0 ? <tr aria-hidden style={{ height: bottom }} /> : null}
      </DataTable>
    </div>
  );
}

/**
 * The app's stages from Spark's own record (the whole run, not the page's window): metrics per
 * stage attempt and the diagnosis flags, each leading to the stage's logs and span.
 */
export const StageTable = memo(function StageTable({
  appId,
  from,
  to,
}: {
  appId: string;
  /** The page's window: the links' window for a stage Spark gives no times for. */
  from: number;
  to: number;
}) {
  const query = useQuery(stagesQuery(appId));
  const stages = query.data?.data.stages ?? [];
  const flagged = stages.filter((s) => s.flags.length).length;
  return (
    <Card
      testId="stage-panel"
      title={
        <span>
          Stages
          {query.data?.data.origin ? (
            <span className="ml-2 font-normal text-muted">
              from the {query.data.data.origin === 'driver' ? 'driver UI' : 'History Server'} ·{' '}
              {stages.length} stage attempts, {query.data.data.jobs.length} jobs
              {flagged ? `, ${flagged} flagged` : ''}
            </span>
          ) : null}
        </span>
      }
    >
      <SourceStatuses sources={query.data?.sources} />
      {query.isPending ? (
        <Skeleton className="h-32" />
      ) : query.error ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : stages.length ? (
        <StageRows stages={stages} appId={appId} fallback={{ from, to }} live />
      ) : query.data?.sources.spark?.state === 'ok' ? (
        <Empty title="Spark recorded no stages for this app yet." />
      ) : null}
    </Card>
  );
});

/** The stage rows themselves: of Spark's live answer, or frozen in a saved incident. */
export function StageRowsTable({
  stages,
  appId,
  from,
  to,
}: {
  stages: StageRow[];
  appId: string;
  from: number;
  to: number;
}) {
  return <StageRows stages={stages} appId={appId} fallback={{ from, to }} live={false} />;
}
