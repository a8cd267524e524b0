'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { LEVEL_TONE, formatTime } from '@/components/ui/format';
import type { LogEntry } from '@/lib/domain/types';
import { traceHref } from '@/lib/url/traces';
import { usePins } from '@/components/incidents/pins';

const ROW = 26;

/**
 * A virtualised list of log lines: only the visible rows are in the DOM, so tens of thousands of
 * lines scroll smoothly. Arrow keys or j/k move the selection, Enter opens the context. A grid, not
 * a listbox: a row holds a link (its trace), which an option may not; rows carry their index so
 * a screen reader announces "row n of N" though only some are rendered.
 */
export function LogList({
  entries,
  selected,
  onSelect,
  onOpen,
  onEndReached,
  height = 420,
}: {
  entries: LogEntry[];
  selected: number;
  onSelect: (i: number) => void;
  onOpen: (e: LogEntry) => void;
  /** Called when the last rows come into view (to load older lines). */
  onEndReached?: () => void;
  height?: number;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const pins = usePins();
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (onEndReached && entries.length && lastVisible >= entries.length - 20) onEndReached();
  }, [lastVisible, entries.length, onEndReached]);
  const move = (i: number) => {
    const next = Math.max(0, Math.min(entries.length - 1, i));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'j') move(selected + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(selected - 1);
    else if (e.key === 'Enter' && entries[selected]) onOpen(entries[selected]);
    else return;
    e.preventDefault();
  };
  return (
    <div
      ref={parent}
      role="grid"
      aria-label="Log lines"
      aria-rowcount={entries.length}
      aria-activedescendant={entries[selected] ? `log-${entries[selected].id}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="log-list"
      className="overflow-auto rounded border border-zinc-200 font-mono text-xs dark:border-zinc-800"
      style={{ height }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const e = entries[item.index];
          if (!e) return null;
          const active = item.index === selected;
          return (
            <div
              key={e.id}
              id={`log-${e.id}`}
              role="row"
              aria-rowindex={item.index + 1}
              aria-selected={active}
              data-testid="log-row"
              onClick={() => {
                onSelect(item.index);
                onOpen(e);
              }}
              className={`absolute left-0 flex w-full cursor-pointer items-center gap-2 px-2 whitespace-nowrap ${active ? 'bg-sky-100 dark:bg-sky-900/40' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'}`}
              style={{ top: item.start, height: ROW }}
            >
              {pins ? (
                <span role="gridcell" className="shrink-0" onClick={(ev) => ev.stopPropagation()}>
                  <input
                    type="checkbox"
                    checked={pins.hasLog(e)}
                    onChange={() => pins.toggleLog(e)}
                    aria-label={`Pin this line to the incident (${formatTime(e.timestamp, true)})`}
                    data-testid="pin-log"
                    className="align-middle"
                  />
                </span>
              ) : null}
              <span role="gridcell" className="w-32 shrink-0 text-muted">
                {formatTime(e.timestamp, true)}
              </span>
              <span
                role="gridcell"
                className={`w-11 shrink-0 font-semibold ${LEVEL_TONE[e.level] ?? ''}`}
              >
                {e.level}
              </span>
              <span
                role="gridcell"
                className="w-16 shrink-0 truncate text-muted"
                title={`executor ${e.executorId ?? '?'}`}
              >
                {e.executorId === 'driver' ? 'driver' : e.executorId ? `exec ${e.executorId}` : ''}
              </span>
              <span role="gridcell" className="w-14 shrink-0 truncate text-muted">
                {e.stageId ? `st ${e.stageId}` : ''}
              </span>
              <span role="gridcell" className="min-w-0 flex-1 truncate" title={e.message}>
                {e.logger ? <span className="text-muted">{e.logger}: </span> : null}
                {e.message}
              </span>
              <span role="gridcell" className="shrink-0">
                {e.traceId ? (
                  <Link
                    href={traceHref(e.traceId)}
                    onClick={(ev) => ev.stopPropagation()}
                    className="shrink-0 rounded px-1 text-sky-700 underline hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-sky-950"
                    data-testid="log-trace-link"
                    aria-label={`Open trace ${e.traceId}`}
                  >
                    trace ↗
                  </Link>
                ) : null}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
