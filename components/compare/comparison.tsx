'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { flagText } from '@/components/stages/flag-text';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatBytes, formatDuration, formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { DataTable } from '@/components/ui/table';
import type { LogVolume, Run, StageDelta } from '@/lib/domain/spark';
import { comparisonQuery } from '@/lib/queries/api';
import { appHref } from '@/lib/url/app';
import { changedOptions } from './property-diff';
import { logsHref } from '@/lib/url/logs';

const signed = (n: number, format: (v: number) => string) =>
  n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`;
const count = (n: number) => n.toLocaleString('en-US');

function RunLine({ label, run, id }: { label: string; run?: Run | undefined; id: string }) {
  return (
    <p className="text-sm" data-testid={`run-${label}`}>
      <span className="mr-2 text-muted">{label}</span>
      <Link className="font-mono text-sky-700 underline dark:text-sky-400" href={appHref(id)}>
        {id}
      </Link>
      {run?.start ? <span className="ml-2">{formatTime(run.start, true)}</span> : null}
      {run?.durationMs !== undefined ? (
        <span className="ml-2 text-muted">ran {formatDuration(run.durationMs)}</span>
      ) : null}
    </p>
  );
}

/** The stage's own time in the current run, a minute either side: where its logs are. */
function stageWindow(d: StageDelta) {
  const c = d.current;
  if (!c?.submitted) return {};
  return { from: c.submitted - 60_000, to: (c.completed ?? c.submitted) + 60_000 };
}

function StageRowView({ d, appId }: { d: StageDelta; appId: string }) {
  const c = d.current;
  const b = d.base;
  const regressed = d.delta.durationMs > 0;
  return (
    <tr
      className="border-t border-zinc-100 align-top dark:border-zinc-800"
      data-testid="delta-row"
      data-stage-key={d.key}
    >
      <td className="max-w-72 px-2 py-1" title={d.key}>
        <div className="truncate">{d.description ?? d.name}</div>
        <div className="truncate font-mono text-[10px] text-muted">{d.key}</div>
      </td>
      <td className="whitespace-nowrap px-2 py-1 font-mono">
        {c ? c.stageId : '—'} / {b ? b.stageId : '—'}
      </td>
      <td className="whitespace-nowrap px-2 py-1">
        {b ? formatDuration(b.durationMs) : '—'} → {c ? formatDuration(c.durationMs) : '—'}
        <span
          className={`ml-1 font-semibold ${regressed ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}
          data-testid="delta-duration"
        >
          {signed(d.delta.durationMs, formatDuration)}
        </span>
      </td>
      <td className="whitespace-nowrap px-2 py-1">
        {b?.numTasks ?? '—'} → {c?.numTasks ?? '—'}
      </td>
      <td className="whitespace-nowrap px-2 py-1">{signed(d.delta.runTimeMs, formatDuration)}</td>
      <td className="whitespace-nowrap px-2 py-1">{signed(d.delta.gcTimeMs, formatDuration)}</td>
      <td className="whitespace-nowrap px-2 py-1">
        {signed(d.delta.shuffleReadBytes, formatBytes)} /{' '}
        {signed(d.delta.shuffleWriteBytes, formatBytes)}
      </td>
      <td className="whitespace-nowrap px-2 py-1">{signed(d.delta.spillBytes, formatBytes)}</td>
      <td className="whitespace-nowrap px-2 py-1">{signed(d.delta.records, count)}</td>
      <td className="px-2 py-1">
        <div className="flex flex-col gap-1">
          {c?.flags.map((f) => (
            <span
              key={f.kind}
              className="flex flex-wrap items-center gap-1.5"
              data-testid={`flag-${f.kind}`}
            >
              <Badge tone={f.kind === 'failed' ? 'bad' : 'warn'}>{f.kind}</Badge>
              <span className="text-xs">{flagText(f)}</span>
            </span>
          ))}
          {d.slowestTask ? (
            <Link
              className="text-xs text-sky-700 underline dark:text-sky-400"
              href={logsHref({
                appId,
                executorId: d.slowestTask.executorId,
                ...stageWindow(d),
              })}
              data-testid="slowest-executor-logs"
            >
              logs of executor {d.slowestTask.executorId} (slowest task {d.slowestTask.taskId},{' '}
              {formatDuration(d.slowestTask.durationMs)})
            </Link>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

const STAGE_HEAD = [
  'stage (matched by)',
  'id now / before',
  'duration before → now',
  'tasks',
  'run time',
  'GC',
  'shuffle read / write',
  'spill',
  'records',
  'diagnosis (now)',
];

function LogsView({ logs }: { logs: { current: LogVolume; base: LogVolume } }) {
  const loggers = new Map<
    string,
    { current?: LogVolume['byLogger'][number]; base?: LogVolume['byLogger'][number] }
  >();
  for (const l of logs.current.byLogger) loggers.set(l.logger, { current: l });
  for (const l of logs.base.byLogger) loggers.set(l.logger, { ...loggers.get(l.logger), base: l });
  const rows = [...loggers.entries()].sort(
    (a, b) =>
      Math.abs((b[1].current?.lines ?? 0) - (b[1].base?.lines ?? 0)) -
      Math.abs((a[1].current?.lines ?? 0) - (a[1].base?.lines ?? 0)),
  );
  return (
    <div
      className="max-h-96 overflow-auto"
      tabIndex={0}
      role="region"
      aria-label="log lines by logger"
    >
      <p className="mb-2 text-sm" data-testid="log-totals">
        lines {count(logs.base.total)} → {count(logs.current.total)} · errors{' '}
        {count(logs.base.errors)} → {count(logs.current.errors)}
      </p>
      <DataTable
        columns={['logger', 'lines before → now', 'errors before → now']}
        testId="logger-table"
      >
        {rows.map(([logger, v]) => (
          <tr key={logger} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="px-2 py-1 font-mono">{logger}</td>
            <td className="px-2 py-1">
              {count(v.base?.lines ?? 0)} → {count(v.current?.lines ?? 0)}
            </td>
            <td className="px-2 py-1">
              {count(v.base?.errors ?? 0)} → {count(v.current?.errors ?? 0)}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

function PropertyValues({
  base,
  current,
}: {
  base?: string | undefined;
  current?: string | undefined;
}) {
  const options = changedOptions(base, current);
  if (!options)
    return (
      <>
        <td className="break-all px-2 py-1 font-mono">{base ?? '(unset)'}</td>
        <td className="break-all px-2 py-1 font-mono">{current ?? '(unset)'}</td>
      </>
    );
  const cell = (only: string[]) => (
    <td className="break-all px-2 py-1 font-mono">
      {only.length ? only.join(' ') : '—'}
      <span className="ml-1 font-sans text-muted">(+ {options.shared} options both have)</span>
    </td>
  );
  return (
    <>
      {cell(options.removed)}
      {cell(options.added)}
    </>
  );
}

/** Two runs of one app name: regressed stages first, changed properties, log volume by logger. */
export function Comparison({ appId, otherAppId }: { appId: string; otherAppId: string }) {
  const query = useQuery(comparisonQuery(appId, otherAppId));
  const data = query.data?.data;
  return (
    <div className="space-y-4" data-testid="comparison">
      <div>
        <h1 className="text-xl font-semibold">
          {data?.current?.name ?? 'Run'} compared with{' '}
          {data?.base ? 'an earlier run' : 'another run'}
        </h1>
        <RunLine label="now" run={data?.current} id={appId} />
        <RunLine label="before" run={data?.base} id={otherAppId} />
      </div>
      {query.error ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : null}
      <Card testId="delta-panel" title="Stages, biggest regression first">
        <SourceStatuses sources={query.data?.sources} only={['spark']} />
        {query.isPending ? (
          <Skeleton className="h-32" />
        ) : data?.stages.length ? (
          <div
            className="max-h-[32rem] overflow-auto"
            tabIndex={0}
            role="region"
            aria-label="stages compared"
          >
            <DataTable columns={STAGE_HEAD} testId="delta-table">
              {data.stages.map((d) => (
                <StageRowView key={d.key} d={d} appId={appId} />
              ))}
            </DataTable>
          </div>
        ) : query.data?.sources.spark?.state === 'ok' ? (
          <Empty title="Neither run recorded a stage." />
        ) : null}
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card testId="property-panel" title="Spark properties that differ">
          {data?.properties.length ? (
            <DataTable columns={['property', 'before', 'now']} testId="property-table">
              {data.properties.map((p) => (
                <tr
                  key={p.key}
                  className="border-t border-zinc-100 align-top dark:border-zinc-800"
                  data-testid="property-row"
                  data-key={p.key}
                >
                  <td className="px-2 py-1 font-mono">{p.key}</td>
                  <PropertyValues base={p.base} current={p.current} />
                </tr>
              ))}
            </DataTable>
          ) : query.data?.sources.spark?.state === 'ok' ? (
            <Empty title="Both runs had the same Spark properties." />
          ) : null}
        </Card>
        <Card testId="log-volume-panel" title="Log lines by logger">
          <SourceStatuses sources={query.data?.sources} only={['elasticsearch']} />
          {data?.logs ? (
            <LogsView logs={data.logs} />
          ) : query.isPending ? (
            <Skeleton className="h-24" />
          ) : null}
        </Card>
      </div>
    </div>
  );
}
