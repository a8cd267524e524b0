'use client';

import { grid, timeAxis, tooltipStyle } from './axes';
import { memo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { axisLabel, formatTime, formatValue } from '@/components/ui/format';
import type { ChartRows } from './rows';

const COLORS = ['#0284c7', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0d9488', '#ca8a04'];

export interface Shade {
  from: number;
  to: number;
  color?: string;
}

export interface Marker {
  at: number;
  label: string;
  color?: string;
}

export interface TimeChartProps {
  data: ChartRows;
  domain: [number, number];
  unit: string;
  height?: number;
  shades?: Shade[];
  markers?: Marker[];
  /** Drag across the chart to zoom every lane to that range. */
  onZoom?: (w: { from: number; to: number }) => void;
  testId?: string;
}

function TimeChartView({
  data,
  domain,
  unit,
  height = 140,
  shades = [],
  markers = [],
  onZoom,
  testId,
}: TimeChartProps) {
  const [drag, setDrag] = useState<{ a: number; b: number }>();
  const label = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return (
    <div data-testid={testId} style={{ height }} className="select-none">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data.rows}
          syncId="timeline"
          syncMethod="value"
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          onMouseDown={(e) => {
            const a = label(e?.activeLabel);
            if (onZoom && a !== undefined) setDrag({ a, b: a });
          }}
          onMouseMove={(e) => {
            const b = label(e?.activeLabel);
            if (drag && b !== undefined) setDrag({ ...drag, b });
          }}
          onMouseUp={() => {
            if (drag && onZoom && Math.abs(drag.b - drag.a) > 1000)
              onZoom({ from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) });
            setDrag(undefined);
          }}
        >
          <CartesianGrid {...grid} />
          <XAxis {...timeAxis(domain)} />
          <YAxis
            width={56}
            tick={{ fontSize: 10 }}
            tickFormatter={(v: number) =>
              v === 0 ? '0' : axisLabel(formatValue(v, unit === 'ms' ? 'ms' : ''))
            }
          />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), true)}
            formatter={(v) => formatValue(Number(v), unit)}
            {...tooltipStyle}
          />
          {shades.map((s, i) => (
            <ReferenceArea
              key={`s${i}`}
              x1={Math.max(s.from, domain[0])}
              x2={Math.min(s.to, domain[1])}
              fill={s.color ?? '#ef4444'}
              fillOpacity={0.12}
              ifOverflow="hidden"
            />
          ))}
          {markers.map((m, i) => (
            <ReferenceLine
              key={`m${i}`}
              x={m.at}
              stroke={m.color ?? '#dc2626'}
              strokeDasharray="4 2"
              ifOverflow="hidden"
              label={{
                value: m.label,
                fontSize: 10,
                position: 'insideTopLeft',
                fill: m.color ?? '#dc2626',
                // Text, unlike the line, needs 4.5:1: a darker red in light, a lighter in dark.
                className: m.color ? undefined : 'fill-red-700 dark:fill-red-400',
              }}
            />
          ))}
          {data.keys.map((key, i) => (
            <Line
              key={key}
              dataKey={key}
              name={key}
              type="monotone"
              dot={false}
              isAnimationActive={false}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={1.5}
              connectNulls={false}
            />
          ))}
          {drag ? <ReferenceArea x1={drag.a} x2={drag.b} fill="#0ea5e9" fillOpacity={0.2} /> : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export const TimeChart = memo(TimeChartView);
