'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SpanDetail } from '@/components/traces/trace-view';
import { Waterfall } from '@/components/traces/waterfall';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatDuration, formatTime } from '@/components/ui/format';
import { Empty } from '@/components/ui/skeleton';
import type { PinnedTrace } from '@/lib/domain/types';
import { traceHref } from '@/lib/url/traces';
import { FrozenLabel, LiveLabel } from './frozen';

/** A pinned trace as saved: its waterfall and span attributes; the live trace view when Jaeger has it. */
export function FrozenTrace({
  pinned,
  live,
  onUnpin,
}: {
  pinned: PinnedTrace;
  live: boolean | undefined;
  onUnpin: (key: string) => void;
}) {
  const trace = pinned.detail.trace;
  const [spanId, setSpanId] = useState<string>();
  const span = trace?.spans.find((s) => s.spanId === spanId);
  return (
    <Card
      testId="frozen-trace"
      title={
        <span className="flex flex-wrap items-center gap-2">
          {trace?.rootName ?? 'Trace'}
          <span className="font-mono text-xs font-normal text-muted">{trace?.traceId}</span>
          <FrozenLabel at={pinned.pinnedAt} />
          <LiveLabel live={live} backend="Jaeger" />
          {live && trace ? (
            <Link
              href={traceHref(trace.traceId)}
              className="text-xs font-normal text-sky-700 underline dark:text-sky-300"
            >
              open the live trace
            </Link>
          ) : null}
        </span>
      }
      actions={<Button onClick={() => onUnpin(pinned.key)}>Unpin</Button>}
    >
      {trace ? (
        <>
          <p className="mb-2 text-xs text-muted">
            {trace.service} · {formatTime(trace.start, true)} · {formatDuration(trace.durationMs)} ·{' '}
            {trace.spans.length} spans · {pinned.detail.logs.length} log lines of this trace copied
            with it
          </p>
          <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
            <Waterfall trace={trace} selected={spanId} onSelect={(s) => setSpanId(s.spanId)} />
            <div data-testid="span-attributes">
              {span ? (
                <SpanDetail span={span} />
              ) : (
                <Empty title="Select a span in the waterfall." />
              )}
            </div>
          </div>
        </>
      ) : (
        <Empty title="The trace was saved empty." />
      )}
    </Card>
  );
}
