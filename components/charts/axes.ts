import { formatTime } from '@/components/ui/format';

/** Shared props of every timeline chart: the time axis over the view's window, and the grid. */
export function timeAxis(domain: [number, number]) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    allowDataOverflow: true,
    tickFormatter: (t: number) => formatTime(t),
    tick: { fontSize: 10 },
    minTickGap: 40,
  };
}

export const grid = {
  strokeDasharray: '3 3',
  className: 'stroke-zinc-200 dark:stroke-zinc-800',
  vertical: false,
} as const;

/**
 * A tooltip near a chart's edge spills over its neighbour, whose plot would otherwise be drawn on
 * top of it (and over the chart's own axis labels); above the charts, below the sticky header.
 */
export const tooltipLayer = { zIndex: 10 } as const;

/**
 * The default tooltip of the line and bar charts, in the theme's colours. Its lines are written in
 * the tooltip's own text colour, not the series colour: a series colour is chosen to be seen as a
 * line, and as 12px text on the tooltip it falls below 4.5:1 (sky-600 on white is 4.1:1).
 */
export const tooltipStyle = {
  contentStyle: {
    fontSize: 12,
    backgroundColor: 'var(--surface)',
    borderColor: 'var(--surface-edge)',
  },
  itemStyle: { color: 'inherit' },
  wrapperStyle: tooltipLayer,
} as const;
