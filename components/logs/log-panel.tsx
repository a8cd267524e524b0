'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { VolumeChart } from '@/components/charts/volume-chart';
import { Card } from '@/components/ui/card';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import type { LogEntry } from '@/lib/domain/types';
import { logsQuery } from '@/lib/queries/api';
import { LEVELS } from '@/lib/domain/types';
import type { Filters } from '@/lib/url/shared';
import { LogContext } from './log-context';
import { LogList } from './log-list';

export interface LogScope extends Filters {
  appId?: string | null;
  from: number;
  to: number;
}

const chip =
  'inline-flex items-center gap-1 rounded-full border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700';

/** Log search scoped by the view (app, window, stage/batch/executor/trace) with level and text filters. */
export function LogPanel({
  scope,
  onFilter,
  title = 'Logs',
  height,
}: {
  scope: LogScope;
  onFilter: (f: Partial<Filters>) => void;
  title?: string;
  height?: number;
}) {
  const query = useInfiniteQuery(logsQuery(scope));
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<LogEntry>();
  const [text, setText] = useState(scope.q ?? '');
  const first = query.data?.pages[0];
  const page = first?.data;
  const entries = useMemo(
    () => (query.data?.pages ?? []).flatMap((p) => p.data?.entries ?? []),
    [query.data],
  );
  const levels = scope.level ? scope.level.split(',') : [];
  const toggleLevel = (l: string) => {
    const next = levels.includes(l) ? levels.filter((x) => x !== l) : [...levels, l];
    onFilter({ level: next.length ? next.join(',') : null });
  };
  const active = [
    scope.stageId != null
      ? { key: 'stageId' as const, label: `stage ${scope.stageId}` }
      : undefined,
    scope.batchId != null
      ? { key: 'batchId' as const, label: `batch ${scope.batchId}` }
      : undefined,
    scope.executorId
      ? { key: 'executorId' as const, label: `executor ${scope.executorId}` }
      : undefined,
    scope.traceId
      ? { key: 'traceId' as const, label: `trace ${scope.traceId.slice(0, 8)}…` }
      : undefined,
  ].filter((x) => x !== undefined);

  return (
    <Card
      testId="log-panel"
      title={
        <span>
          {title}
          {page ? (
            <span className="ml-2 font-normal text-muted">
              {page.totalIsExact ? page.total : `${page.total}+`} lines
            </span>
          ) : null}
        </span>
      }
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Levels" className="flex gap-1">
          {[...LEVELS].reverse().map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={levels.includes(l)}
              onClick={() => toggleLevel(l)}
              className={`rounded border px-2 py-0.5 text-xs ${levels.includes(l) ? 'border-sky-700 bg-sky-700 text-white' : 'border-zinc-300 dark:border-zinc-700'}`}
            >
              {l}
            </button>
          ))}
        </div>
        <form
          className="flex min-w-64 flex-1 gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            onFilter({ q: text.trim() || null });
          }}
        >
          <input
            aria-label="Search log text"
            placeholder='Search text, e.g. "Lost executor" or FetchFailed'
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={500}
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          />
          <button
            type="submit"
            className="rounded border border-zinc-300 px-2 text-sm dark:border-zinc-700"
          >
            Search
          </button>
        </form>
        {active.map((f) => (
          <span key={f.key} className={chip} data-testid={`filter-${f.key}`}>
            {f.label}
            <button
              type="button"
              aria-label={`Remove ${f.label} filter`}
              onClick={() => onFilter({ [f.key]: null })}
              className="text-muted hover:text-zinc-900 dark:hover:text-white"
            >
              ✕
            </button>
          </span>
        ))}
      </div>
      <SourceStatuses sources={first?.sources} />
      {query.isPending ? (
        <div className="space-y-2">
          <Skeleton className="h-20" />
          <Skeleton className="h-64" />
        </div>
      ) : query.error ? (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      ) : page ? (
        entries.length ? (
          <>
            <VolumeChart
              buckets={page.histogram}
              domain={[scope.from, scope.to]}
              height={70}
              testId="log-histogram"
            />
            <LogList
              entries={entries}
              selected={selected}
              onSelect={setSelected}
              onOpen={setOpen}
              onEndReached={() => {
                if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
              }}
              {...(height ? { height } : {})}
            />
            <p className="mt-1 text-xs text-muted" data-testid="log-count">
              {entries.length} of {page.totalIsExact ? page.total : `${page.total}+`} lines loaded
              {query.isFetchingNextPage
                ? ' · loading older lines…'
                : query.hasNextPage
                  ? ' · scroll to the end for older lines'
                  : ''}
            </p>
            {open ? (
              <LogContext key={open.id} entry={open} onClose={() => setOpen(undefined)} />
            ) : null}
          </>
        ) : (
          <Empty
            title="No log lines match."
            hint="Widen the time window, remove a filter, or check that the shipper sends this app's logs."
          />
        )
      ) : null}
    </Card>
  );
}
