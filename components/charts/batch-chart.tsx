'use client';

import { memo } from 'react';
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration, formatTime } from '@/components/ui/format';
import type { TraceSummary } from '@/lib/api/types';

/** One dot per micro-batch (or job trace): when it started and how long it took. Click selects it. */
function BatchChartView({
  batches,
  domain,
  selected,
  onSelect,
  height = 110,
}: {
  batches: TraceSummary[];
  domain: [number, number];
  selected?: number | null;
  onSelect: (b: TraceSummary) => void;
  height?: number;
}) {
  const points = batches.map((b) => ({
    t: b.start,
    d: b.durationMs,
    batch: b,
    error: b.errorCount > 0,
    sel: b.spark.batchId !== undefined && Number(b.spark.batchId) === selected,
  }));
  return (
    <div style={{ height }} data-testid="batch-lane">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 4, right: 8, bottom: 0, left: 0 }} syncId="timeline">
          <CartesianGrid
            strokeDasharray="3 3"
            className="stroke-zinc-200 dark:stroke-zinc-800"
            vertical={false}
          />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            allowDataOverflow
            tickFormatter={(t: number) => formatTime(t)}
            tick={{ fontSize: 10 }}
            minTickGap={40}
          />
          <YAxis
            dataKey="d"
            width={56}
            tick={{ fontSize: 10 }}
            tickFormatter={(v: number) => formatDuration(v)}
          />
          <Tooltip
            cursor={false}
            content={({ payload }) => {
              const b = payload?.[0]?.payload as (typeof points)[number] | undefined;
              if (!b) return null;
              return (
                <div className="rounded border border-zinc-200 bg-white px-2 py-1 text-xs shadow dark:border-zinc-700 dark:bg-zinc-900">
                  <p className="font-medium">{b.batch.rootName}</p>
                  <p>{formatTime(b.t, true)}</p>
                  <p>
                    {formatDuration(b.d)} · {b.batch.spanCount} spans{b.error ? ' · error' : ''}
                  </p>
                </div>
              );
            }}
          />
          <Scatter
            data={points}
            isAnimationActive={false}
            onClick={(p) => onSelect((p as unknown as { batch: TraceSummary }).batch)}
            shape={(props: { cx?: number; cy?: number; payload?: (typeof points)[number] }) => (
              <circle
                cx={props.cx}
                cy={props.cy}
                r={props.payload?.sel ? 5 : 3}
                className="cursor-pointer"
                fill={props.payload?.error ? '#dc2626' : props.payload?.sel ? '#0f172a' : '#0284c7'}
                stroke={props.payload?.sel ? '#f59e0b' : 'none'}
                strokeWidth={2}
              />
            )}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

export const BatchChart = memo(BatchChartView);
