'use client';

import { useQuery } from '@tanstack/react-query';
import { LEVEL_TONE, formatTime } from '@/components/ui/format';
import { Skeleton } from '@/components/ui/skeleton';
import type { LogEntry } from '@/lib/domain/types';
import { logContextQuery } from '@/lib/queries/api';

function Line({ e, hit }: { e: LogEntry; hit?: boolean }) {
  return (
    <div className={`flex gap-2 px-2 py-0.5 ${hit ? 'bg-amber-100 dark:bg-amber-900/40' : ''}`}>
      <span className="shrink-0 text-muted">{formatTime(e.timestamp)}</span>
      <span className={`w-11 shrink-0 ${LEVEL_TONE[e.level] ?? ''}`}>{e.level}</span>
      <span className="break-all whitespace-pre-wrap">{e.message}</span>
    </div>
  );
}

/** Lines around a hit from the same executor, and the hit's exception if it has one. */
export function LogContext({ entry, onClose }: { entry: LogEntry; onClose: () => void }) {
  const query = useQuery(logContextQuery(entry.id));
  return (
    <section
      aria-label="Context of the selected line"
      data-testid="log-context"
      className="mt-3 rounded border border-zinc-200 dark:border-zinc-800"
    >
      <header className="flex items-center justify-between border-b border-zinc-100 px-3 py-1.5 text-xs dark:border-zinc-800">
        <span>
          Context · {entry.appId ?? 'unknown app'} · executor {entry.executorId ?? '?'}
          {entry.traceId ? ` · trace ${entry.traceId.slice(0, 12)}…` : ''}
        </span>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-2 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          aria-label="Close context"
        >
          ✕
        </button>
      </header>
      <div className="max-h-72 overflow-auto py-1 font-mono text-xs">
        {query.isPending ? (
          <Skeleton className="m-2 h-20" />
        ) : query.error ? (
          <p role="alert" className="px-3 text-red-700">
            {query.error.message}
          </p>
        ) : (
          <>
            {query.data.data.before.map((e) => (
              <Line key={e.id} e={e} />
            ))}
            <Line e={query.data.data.hit} hit />
            {query.data.data.after.map((e) => (
              <Line key={e.id} e={e} />
            ))}
          </>
        )}
        {entry.exception ? (
          <pre className="mx-2 mt-2 rounded bg-red-50 p-2 whitespace-pre-wrap text-red-900 dark:bg-red-950/40 dark:text-red-200">
            {entry.exception.class}: {entry.exception.msg}
            {entry.exception.stacktrace ? `\n${entry.exception.stacktrace}` : ''}
          </pre>
        ) : null}
      </div>
    </section>
  );
}
