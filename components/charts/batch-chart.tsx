'use client';

import { grid, timeAxis, tooltipLayer } from './axes';
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
import { axisLabel, formatDuration, formatTime } from '@/components/ui/format';
import type { TraceSummary } from '@/lib/domain/types';

interface BatchChartProps {
  batches: TraceSummary[];
  domain: [number, number];
  selected?: number | null;
  onSelect: (b: TraceSummary) => void;
  height?: number;
}

/**
 * One dot per micro-batch (or job trace): when it started and how long it took. Click selects it.
 * The selected dot is styled by a one-line stylesheet keyed on its batch id, so selecting a batch
 * among hundreds redraws nothing but that rule (the scatter itself is memoised without it).
 */
export function BatchChart({ selected, height = 110, ...chart }: BatchChartProps) {
  return (
    <div style={{ height }} data-testid="batch-lane">
      {selected != null && Number.isSafeInteger(selected) ? (
        <style>{`[data-testid="batch-lane"] circle[data-batch="${selected}"]{r:5px;fill:#0f172a;stroke:#f59e0b;stroke-width:2px}`}</style>
      ) : null}
      <BatchScatter {...chart} />
    </div>
  );
}

const BatchScatter = memo(function BatchScatter({
  batches,
  domain,
  onSelect,
}: Omit<BatchChartProps, 'selected' | 'height'>) {
  const points = batches.map((b) => ({
    t: b.start,
    d: b.durationMs,
    batch: b,
    error: b.errorCount > 0,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...grid} />
        <XAxis {...timeAxis(domain)} />
        <YAxis
          dataKey="d"
          width={56}
          tick={{ fontSize: 10 }}
          tickFormatter={(v: number) => (v === 0 ? '0' : axisLabel(formatDuration(v)))}
        />
        <Tooltip
          cursor={false}
          wrapperStyle={tooltipLayer}
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
              r={3}
              className="cursor-pointer"
              data-batch={props.payload?.batch.spark.batchId}
              fill={props.payload?.error ? '#dc2626' : '#0284c7'}
            />
          )}
        />
      </ScatterChart>
    </ResponsiveContainer>
  );
});
