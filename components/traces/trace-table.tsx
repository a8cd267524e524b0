'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { formatDuration, formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { tracesQuery } from '@/lib/queries/api';

export interface TraceScope {
  appId: string;
  appName?: string | undefined;
  from: number;
  to: number;
  stageId?: number | null;
  batchId?: number | null;
}

/** Traces of the scope (app + window, narrowed to a stage or batch), newest first. */
export function TraceTable({ scope }: { scope: TraceScope }) {
  const query = useQuery(tracesQuery(scope));
  const traces = query.data?.data ?? [];
  const narrowed =
    scope.stageId != null
      ? `stage ${scope.stageId}`
      : scope.batchId != null
        ? `batch ${scope.batchId}`
        : undefined;
  return (
    <Card
      testId="trace-panel"
      title={
        <span>
          Traces
          {narrowed ? <span className="ml-2 font-normal text-zinc-500">of {narrowed}</span> : null}
          {query.data?.data ? (
            <span className="ml-2 font-normal text-zinc-500">{traces.length}</span>
          ) : null}
        </span>
      }
    >
      <SourceStatuses sources={query.data?.sources} />
      {query.isPending ? (
        <Skeleton className="h-40" />
      ) : query.error ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : query.data?.data === null ? null : traces.length ? (
        <div className="max-h-96 overflow-auto">
          <table className="w-full text-sm">
            <thead className="sticky top-0 bg-white text-left text-xs text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="py-1 font-medium">Root</th>
                <th className="font-medium">Started</th>
                <th className="text-right font-medium">Duration</th>
                <th className="text-right font-medium">Spans</th>
              </tr>
            </thead>
            <tbody>
              {traces.map((t) => (
                <tr
                  key={t.traceId}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                  data-testid="trace-row"
                >
                  <td className="py-1">
                    <Link
                      href={`/traces/${t.traceId}`}
                      className="text-sky-700 underline dark:text-sky-300"
                    >
                      {t.rootName}
                    </Link>
                    {t.errorCount ? (
                      <span className="ml-2 rounded bg-red-100 px-1 text-xs text-red-800 dark:bg-red-900/50 dark:text-red-300">
                        {t.errorCount} error
                      </span>
                    ) : null}
                  </td>
                  <td className="font-mono text-xs">{formatTime(t.start, true)}</td>
                  <td className="text-right font-mono text-xs">{formatDuration(t.durationMs)}</td>
                  <td className="text-right font-mono text-xs">{t.spanCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty
          title="No traces in this scope."
          hint="Widen the window or clear the stage / batch filter."
        />
      )}
    </Card>
  );
}
