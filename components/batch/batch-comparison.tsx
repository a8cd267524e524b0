'use client';

import { useQuery } from '@tanstack/react-query';
import { Card } from '@/components/ui/card';
import { formatBytes, formatDuration } from '@/components/ui/format';
import { Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { DataTable } from '@/components/ui/table';
import { batchStageDeltas, phaseDeltas } from '@/lib/domain/batch-compare';
import type { Batch } from '@/lib/domain/spark';
import { batchQuery } from '@/lib/queries/api';

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${formatDuration(Math.abs(n))}`;
const ms = (v: number | undefined) => (v === undefined ? '—' : formatDuration(v));

/** This batch against another of the same query: trigger phases, input, and stage by stage. */
export function BatchComparison({
  current,
  appId,
  vs,
}: {
  current: Batch;
  appId: string;
  vs: number;
}) {
  const query = useQuery(batchQuery(appId, vs));
  const base = query.data?.data;
  const now = current.progress[0];
  const before = base?.progress.find((p) => p.queryId === now?.queryId) ?? base?.progress[0];
  return (
    <Card testId="batch-comparison" title={`Compared with batch ${vs}`}>
      <SourceStatuses sources={query.data?.sources} />
      {query.isPending ? (
        <Skeleton className="h-24" />
      ) : base ? (
        <div className="space-y-3">
          {now && before ? (
            <>
              <p className="text-sm" data-testid="batch-comparison-rows">
                input rows {before.numInputRows.toLocaleString('en-US')} →{' '}
                {now.numInputRows.toLocaleString('en-US')} · took{' '}
                {formatDuration(before.batchDurationMs)} → {formatDuration(now.batchDurationMs)}
              </p>
              <DataTable columns={['phase', 'before', 'now', 'Δ']} testId="batch-comparison-phases">
                {phaseDeltas(now, before).map((p) => (
                  <tr key={p.phase} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="px-2 py-1">{p.phase}</td>
                    <td className="px-2 py-1">{ms(p.base)}</td>
                    <td className="px-2 py-1">{ms(p.current)}</td>
                    <td className="px-2 py-1">{signed((p.current ?? 0) - (p.base ?? 0))}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          ) : (
            <p className="text-sm text-muted">No progress line of one of the two batches.</p>
          )}
          <DataTable
            columns={[
              'stage (name, rank)',
              'id now / before',
              'duration before → now',
              'tasks',
              'shuffle read now / before',
            ]}
            testId="batch-comparison-stages"
          >
            {batchStageDeltas(current, base).map((d) => (
              <tr key={d.key} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="px-2 py-1">{d.key}</td>
                <td className="px-2 py-1 font-mono">
                  {d.current?.stageId ?? '—'} / {d.base?.stageId ?? '—'}
                </td>
                <td className="px-2 py-1">
                  {ms(d.base?.durationMs)} → {ms(d.current?.durationMs)}{' '}
                  <span className={d.durationMs > 0 ? 'text-red-700 dark:text-red-400' : ''}>
                    {signed(d.durationMs)}
                  </span>
                </td>
                <td className="px-2 py-1">
                  {d.base?.numTasks ?? '—'} → {d.current?.numTasks ?? '—'}
                </td>
                <td className="px-2 py-1">
                  {formatBytes(d.current?.shuffleReadBytes ?? 0)} /{' '}
                  {formatBytes(d.base?.shuffleReadBytes ?? 0)}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : null}
    </Card>
  );
}
