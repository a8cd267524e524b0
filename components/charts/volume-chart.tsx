'use client';

import { timeAxis, tooltipStyle } from './axes';
import { memo } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LEVEL_FILL, formatTime } from '@/components/ui/format';
import type { LogVolumeBucket } from '@/lib/domain/types';

const ORDER = ['ERROR', 'WARN', 'INFO', 'DEBUG'];

/** Log lines per bucket, stacked by level. */
function VolumeChartView({
  buckets,
  domain,
  height = 90,
  testId,
}: {
  buckets: LogVolumeBucket[];
  domain: [number, number];
  height?: number;
  testId?: string;
}) {
  const levels = ORDER.filter((l) => buckets.some((b) => b.counts[l]));
  const rows = buckets.map((b) => ({ t: b.t, ...b.counts }));
  return (
    <div style={{ height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          syncId="timeline"
          syncMethod="value"
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
        >
          <XAxis {...timeAxis(domain)} />
          <YAxis width={56} tick={{ fontSize: 10 }} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => formatTime(Number(t), true)} {...tooltipStyle} />
          {levels.map((l) => (
            <Bar
              key={l}
              dataKey={l}
              stackId="v"
              fill={LEVEL_FILL[l] ?? '#71717a'}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export const VolumeChart = memo(VolumeChartView);
