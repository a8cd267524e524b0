'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { useCallback } from 'react';
import { LogPanel } from '@/components/logs/log-panel';
import { BatchComparison } from './batch-comparison';
import { flagText } from '@/components/stages/flag-text';
import { TraceTable } from '@/components/traces/trace-table';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatBytes, formatDuration, formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { DataTable } from '@/components/ui/table';
import { type Batch, type BatchProgress, TRIGGER_PHASES } from '@/lib/domain/spark';
import { batchQuery } from '@/lib/queries/api';
import { appHref } from '@/lib/url/app';
import { batchParsers } from '@/lib/url/batch';
import type { Filters } from '@/lib/url/shared';

/** Logs and traces are searched from a minute before the batch to a minute after it. */
const PAD_MS = 60_000;

/** The batch's time: its progress (trigger start + duration), else its stages' times. */
function batchWindow(b: Batch | undefined): { from: number; to: number } | undefined {
  const p = b?.progress[0];
  if (p) return { from: p.timestamp - PAD_MS, to: p.timestamp + p.batchDurationMs + PAD_MS };
  const times = (b?.stages ?? [])
    .flatMap((s) => [s.submitted, s.completed])
    .filter((t): t is number => t !== undefined);
  if (!times.length) return undefined;
  return { from: Math.min(...times) - PAD_MS, to: Math.max(...times) + PAD_MS };
}

function Phases({ p }: { p: BatchProgress }) {
  const total = p.durationMs.triggerExecution ?? p.batchDurationMs;
  const known = TRIGGER_PHASES.filter((k) => p.durationMs[k] !== undefined);
  return (
    <div data-testid="batch-phases">
      <div className="flex h-4 w-full overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800">
        {known.map((k, i) => (
          <div
            key={k}
            title={`${k} ${formatDuration(p.durationMs[k] ?? 0)}`}
            className={
              [
                'bg-sky-500',
                'bg-emerald-500',
                'bg-amber-500',
                'bg-violet-500',
                'bg-rose-500',
                'bg-teal-500',
              ][i % 6]
            }
            style={{ width: `${total ? ((p.durationMs[k] ?? 0) / total) * 100 : 0}%` }}
          />
        ))}
      </div>
      <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
        {known.map((k) => (
          <span key={k}>
            {k} <span className="font-mono">{formatDuration(p.durationMs[k] ?? 0)}</span>
          </span>
        ))}
        <span className="text-muted">
          triggerExecution <span className="font-mono">{formatDuration(total)}</span>
        </span>
      </p>
    </div>
  );
}

function ProgressCard({ p }: { p: BatchProgress }) {
  return (
    <div className="space-y-3" data-testid="batch-progress" data-query-id={p.queryId}>
      <p className="text-sm">
        <span className="font-semibold">{p.name ?? p.queryId}</span>
        <span className="ml-2 text-muted">started {formatTime(p.timestamp, true)}</span>
        <span className="ml-2">took {formatDuration(p.batchDurationMs)}</span>
        <span className="ml-2" data-testid="batch-input-rows">
          {p.numInputRows.toLocaleString('en-US')} input rows
        </span>
        {p.processedRowsPerSecond !== undefined ? (
          <span className="ml-2 text-muted">
            {Math.round(p.processedRowsPerSecond)} rows/s processed
          </span>
        ) : null}
        {p.watermark !== undefined ? (
          <span className="ml-2" data-testid="batch-watermark">
            {/* Spark reports the epoch until the query has seen event time. */}
            watermark {p.watermark > 0 ? formatTime(p.watermark, true) : 'not set yet'}
          </span>
        ) : null}
      </p>
      <Phases p={p} />
      <DataTable
        columns={['source', 'start offset', 'end offset', 'input rows']}
        testId="batch-sources"
      >
        {p.sources.map((s, i) => (
          <tr key={i} className="border-t border-zinc-100 align-top dark:border-zinc-800">
            <td className="px-2 py-1">{s.description}</td>
            <td className="break-all px-2 py-1 font-mono">{s.startOffset ?? '—'}</td>
            <td className="break-all px-2 py-1 font-mono">{s.endOffset ?? '—'}</td>
            <td className="px-2 py-1">{s.numInputRows.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </DataTable>
      {p.stateOperators.length ? (
        <DataTable
          columns={[
            'state operator',
            'rows total',
            'updated',
            'removed',
            'dropped by watermark',
            'memory',
          ]}
          testId="batch-state"
        >
          {p.stateOperators.map((o, i) => (
            <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="px-2 py-1">{o.operatorName}</td>
              <td className="px-2 py-1">{o.numRowsTotal}</td>
              <td className="px-2 py-1">{o.numRowsUpdated}</td>
              <td className="px-2 py-1">{o.numRowsRemoved ?? '—'}</td>
              <td className="px-2 py-1">{o.numRowsDroppedByWatermark ?? '—'}</td>
              <td className="px-2 py-1">{formatBytes(o.memoryUsedBytes)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {p.sink ? <p className="text-xs text-muted">sink: {p.sink.description}</p> : null}
    </div>
  );
}

function SparkCard({ b }: { b: Batch }) {
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="batch-sql">
        {b.sql.length
          ? b.sql.map((x) => (
              <span key={x.id} className="mr-3">
                SQL execution <span className="font-mono">{x.id}</span> ({x.status.toLowerCase()},{' '}
                {formatDuration(x.durationMs)}, jobs {x.jobIds.join(', ') || '—'})
              </span>
            ))
          : 'no SQL execution of this batch in Spark’s record'}
      </p>
      <DataTable
        columns={[
          'stage',
          'job',
          'status',
          'duration',
          'tasks',
          'shuffle read / write',
          'diagnosis',
        ]}
        testId="batch-stages"
      >
        {b.stages.map((s) => (
          <tr
            key={`${s.stageId}.${s.attemptId}`}
            className="border-t border-zinc-100 align-top dark:border-zinc-800"
            data-testid="batch-stage-row"
          >
            <td className="px-2 py-1 font-mono">
              {s.stageId}
              {s.attemptId ? `.${s.attemptId}` : ''}
            </td>
            <td className="px-2 py-1 font-mono">{s.jobIds.join(', ')}</td>
            <td className="px-2 py-1">{s.status.toLowerCase()}</td>
            <td className="px-2 py-1">
              {s.durationMs === undefined ? '—' : formatDuration(s.durationMs)}
            </td>
            <td className="px-2 py-1">{s.numTasks}</td>
            <td className="px-2 py-1">
              {formatBytes(s.shuffleReadBytes ?? 0)} / {formatBytes(s.shuffleWriteBytes ?? 0)}
            </td>
            <td className="px-2 py-1">
              {s.flags.map((f) => (
                <span key={f.kind} className="mr-2 inline-flex items-center gap-1">
                  <Badge tone={f.kind === 'failed' ? 'bad' : 'warn'}>{f.kind}</Badge>
                  <span className="text-xs">{flagText(f)}</span>
                </span>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

/** One micro-batch: progress, SQL execution, jobs and stages, its logs and its trace. */
export function BatchView({ appId, batchId }: { appId: string; batchId: number }) {
  const [state, setState] = useQueryStates(batchParsers, { history: 'push' });
  const query = useQuery(batchQuery(appId, batchId));
  const b = query.data?.data;
  const window = batchWindow(b);
  const onFilter = useCallback(
    (f: Partial<Filters>) =>
      void setState({
        ...(f.level !== undefined ? { level: f.level } : {}),
        ...(f.q !== undefined ? { q: f.q } : {}),
        ...(f.executorId !== undefined ? { executorId: f.executorId } : {}),
        ...(f.stageId !== undefined ? { stageId: f.stageId } : {}),
      }),
    [setState],
  );
  const appName = state.appName ?? b?.progress[0]?.name ?? undefined;
  return (
    <div className="space-y-4" data-testid="batch-view" data-batch-id={batchId}>
      <div>
        <h1 className="text-xl font-semibold">
          Batch {batchId}
          <Link
            className="ml-2 font-mono text-sm font-normal text-sky-700 underline dark:text-sky-400"
            href={appHref(appId, {
              appName: state.appName,
              batchId,
              ...(window ?? {}),
            })}
          >
            {appId}
          </Link>
        </h1>
        {batchId > 0 ? (
          <button
            type="button"
            className="text-sm text-sky-700 underline dark:text-sky-400"
            data-testid="batch-compare-previous"
            onClick={() => void setState({ vs: state.vs === null ? batchId - 1 : null })}
          >
            {state.vs === null ? `compare with batch ${batchId - 1}` : 'hide the comparison'}
          </button>
        ) : null}
      </div>
      <Card testId="batch-progress-panel" title="Progress (the driver's progress log line)">
        <SourceStatuses sources={query.data?.sources} only={['elasticsearch']} />
        {query.isPending ? (
          <Skeleton className="h-24" />
        ) : b?.progress.length ? (
          <div className="space-y-6">
            {b.progress.map((p) => (
              <ProgressCard key={p.queryId} p={p} />
            ))}
          </div>
        ) : query.data?.sources.elasticsearch?.state === 'ok' ? (
          <Empty
            title="No progress line of this batch in the logs."
            hint="Spark logs it at INFO (ProgressReporter); it is missing when the driver logs above INFO or its logs aged out."
          />
        ) : null}
      </Card>
      {state.vs !== null && b ? <BatchComparison current={b} appId={appId} vs={state.vs} /> : null}
      <Card testId="batch-spark-panel" title="SQL execution, jobs and stages (Spark's own record)">
        <SourceStatuses sources={query.data?.sources} only={['spark']} />
        {query.isPending ? <Skeleton className="h-24" /> : b ? <SparkCard b={b} /> : null}
      </Card>
      {window ? (
        <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
          <LogPanel
            scope={{
              appId,
              ...window,
              batchId,
              stageId: state.stageId,
              executorId: state.executorId,
              level: state.level,
              q: state.q,
            }}
            onFilter={onFilter}
          />
          <TraceTable scope={{ appId, appName, ...window, batchId }} />
        </div>
      ) : query.isPending ? null : (
        <Empty title="The batch's time is unknown: neither its progress nor its stages were found." />
      )}
    </div>
  );
}
