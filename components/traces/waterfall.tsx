'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useMemo, useRef } from 'react';
import { formatDuration } from '@/components/ui/format';
import type { SpanHead, Trace } from '@/lib/domain/types';

const ROW = 28;

/** Spans in tree order (parent before children, siblings by start) with their depth. */
function treeOrder<S extends SpanHead>(spans: S[]): { span: S; depth: number }[] {
  const children = new Map<string, S[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  const roots: S[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const out: { span: S; depth: number }[] = [];
  const walk = (s: S, depth: number) => {
    out.push({ span: s, depth });
    for (const c of (children.get(s.spanId) ?? []).sort((a, b) => a.start - b.start))
      walk(c, depth + 1);
  };
  for (const r of roots.sort((a, b) => a.start - b.start)) walk(r, 0);
  return out;
}

/** The trace waterfall (batch → phases, jobs → stages), virtualised for very large traces. */
export function Waterfall<S extends SpanHead>({
  trace,
  selected,
  onSelect,
}: {
  trace: Trace<S>;
  selected?: string | undefined;
  onSelect: (s: S) => void;
}) {
  const rows = useMemo(() => treeOrder(trace.spans), [trace]);
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 10,
  });
  const total = Math.max(trace.durationMs, 0.001);
  const index = rows.findIndex((r) => r.span.spanId === selected);
  const onKey = (e: KeyboardEvent) => {
    const next =
      e.key === 'ArrowDown' || e.key === 'j'
        ? index + 1
        : e.key === 'ArrowUp' || e.key === 'k'
          ? index - 1
          : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
    if (row) {
      onSelect(row.span);
      virtualizer.scrollToIndex(rows.indexOf(row));
    }
  };
  return (
    <div
      ref={parent}
      role="tree"
      aria-label="Spans"
      tabIndex={0}
      onKeyDown={onKey}
      className="max-h-[28rem] overflow-auto rounded border border-zinc-200 text-xs dark:border-zinc-800"
      data-testid="waterfall"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const { span, depth } = row;
          const left = ((span.start - trace.start) / total) * 100;
          const width = Math.max(0.3, (span.durationMs / total) * 100);
          const active = span.spanId === selected;
          return (
            <div
              key={span.spanId}
              role="treeitem"
              aria-selected={active}
              aria-level={depth + 1}
              data-testid="span-row"
              data-span-name={span.name}
              onClick={() => onSelect(span)}
              className={`absolute left-0 flex w-full cursor-pointer items-center ${active ? 'bg-sky-100 dark:bg-sky-900/40' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'}`}
              style={{ top: item.start, height: ROW }}
            >
              <div
                className="w-72 shrink-0 truncate pr-2"
                style={{ paddingLeft: 8 + depth * 14 }}
                title={span.name}
              >
                <span className={span.status === 'error' ? 'text-red-700 dark:text-red-400' : ''}>
                  {span.name}
                </span>
              </div>
              <div className="relative h-4 flex-1 mr-2">
                <div
                  className={`absolute h-4 rounded-sm ${span.status === 'error' ? 'bg-red-500' : depth === 0 ? 'bg-sky-600' : span.spark.stageId ? 'bg-emerald-500' : span.spark.jobId ? 'bg-violet-500' : 'bg-sky-400'}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              </div>
              <div className="w-20 shrink-0 pr-2 text-right font-mono text-muted">
                {formatDuration(span.durationMs)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
