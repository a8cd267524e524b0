'use client';

import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useRef } from 'react';
import { Card } from '@/components/ui/card';
import { formatDuration, formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import type { TraceSummary } from '@/lib/domain/types';
import { tracesQuery } from '@/lib/queries/api';
import { batchHref } from '@/lib/url/batch';
import { traceHref } from '@/lib/url/traces';
import { usePins } from '@/components/incidents/pins';

export interface TraceScope {
  appId: string;
  appName?: string | undefined;
  from: number;
  to: number;
  stageId?: number | null;
  batchId?: number | null;
}

const ROW_HEIGHT = 29;

/**
 * Traces of the scope (app + window, narrowed to a stage or batch), newest first. Memoised on the
 * scope's values: a log filter change in the same view does not redraw it.
 */
export const TraceTable = memo(
  function TraceTable({ scope }: { scope: TraceScope }) {
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
            {narrowed ? <span className="ml-2 font-normal text-muted">of {narrowed}</span> : null}
            {query.data?.data ? (
              <span className="ml-2 font-normal text-muted">{traces.length}</span>
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
          <TraceRows traces={traces} />
        ) : (
          <Empty
            title="No traces in this scope."
            hint="Widen the window or clear the stage / batch filter."
          />
        )}
      </Card>
    );
  },
  (a, b) =>
    a.scope.appId === b.scope.appId &&
    a.scope.appName === b.scope.appName &&
    a.scope.from === b.scope.from &&
    a.scope.to === b.scope.to &&
    a.scope.stageId === b.scope.stageId &&
    a.scope.batchId === b.scope.batchId,
);

/** The rows, virtualised: a window of hundreds of traces mounts only the visible ones. */
function TraceRows({ traces }: { traces: TraceSummary[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const pins = usePins();
  const virtual = useVirtualizer({
    count: traces.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 600, height: 384 },
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scroller} className="max-h-96 overflow-auto" data-testid="trace-list">
      <table className="w-full table-fixed text-sm">
        <colgroup>
          {pins ? <col className="w-7" /> : null}
          <col />
          <col className="w-40" />
          <col className="w-20" />
          <col className="w-14" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-white text-left text-xs text-muted dark:bg-zinc-900">
          <tr>
            {pins ? (
              <th className="font-medium">
                <span className="sr-only">Pin</span>
              </th>
            ) : null}
            <th className="py-1 font-medium">Root</th>
            <th className="font-medium">Started</th>
            <th className="text-right font-medium">Duration</th>
            <th className="text-right font-medium">Spans</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 ? <tr aria-hidden style={{ height: top }} /> : null}
          {items.map((item) => {
            const t = traces[item.index]!;
            return (
              <tr
                key={t.traceId}
                className="border-t border-zinc-100 dark:border-zinc-800"
                style={{ height: ROW_HEIGHT }}
                data-testid="trace-row"
              >
                {pins ? (
                  <td>
                    <input
                      type="checkbox"
                      checked={pins.hasTrace(t.traceId)}
                      onChange={() => pins.toggleTrace(t)}
                      aria-label={`Pin trace ${t.rootName} to the incident`}
                      data-testid="pin-trace"
                    />
                  </td>
                ) : null}
                <td className="truncate py-1">
                  <Link
                    href={traceHref(t.traceId)}
                    prefetch={false}
                    className="text-sky-700 underline dark:text-sky-300"
                  >
                    {t.rootName}
                  </Link>
                  {t.spark.appId && t.spark.batchId && /^\d+$/.test(t.spark.batchId) ? (
                    <Link
                      href={batchHref(t.spark.appId, Number(t.spark.batchId), {
                        appName: t.spark.appName ?? null,
                      })}
                      prefetch={false}
                      className="ml-2 text-xs text-sky-700 underline dark:text-sky-300"
                      data-testid="trace-batch-link"
                    >
                      batch page
                    </Link>
                  ) : null}
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
            );
          })}
          {bottom > 0 ? <tr aria-hidden style={{ height: bottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
