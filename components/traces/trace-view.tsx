'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { parseAsString, useQueryState } from 'nuqs';
import { seriesName, toRows } from '@/components/charts/rows';
import { TimeChart } from '@/components/charts/time-chart';
import { LogList } from '@/components/logs/log-list';
import { Card } from '@/components/ui/card';
import { formatDuration, formatTime } from '@/components/ui/format';
import { Empty, Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import { appHref } from '@/lib/url/app';
import { appSignalsQuery, spanQuery, traceQuery } from '@/lib/queries/api';
import { firstTime, lastTime } from '@/lib/domain/series';
import { useMemo, useState } from 'react';
import { metricsWindowOf, traceOfOutline } from '@/lib/domain/trace';
import type { Span, SpanHead } from '@/lib/domain/types';
import { Waterfall } from './waterfall';

/** A trace: waterfall, the selected span's attributes, its logs, and the app's metrics around it. */
export function TraceView({ traceId }: { traceId: string }) {
  const query = useQuery(traceQuery(traceId));
  const [spanId, setSpanId] = useQueryState(
    'span',
    parseAsString.withOptions({ history: 'replace' }),
  );
  const [selectedLog, setSelectedLog] = useState(0);
  const detail = query.data?.data;
  const outline = detail?.trace;
  // Spans are rebuilt from the outline once per answer (40,000 of them in a large trace).
  const trace = useMemo(() => (outline ? traceOfOutline(outline) : null), [outline]);
  const span = trace?.spans.find((s) => s.spanId === spanId);
  const selected = useQuery({ ...spanQuery(traceId, spanId ?? ''), enabled: Boolean(span) });
  // A span's logs: lines of this trace from the span's stage (stage spans) or all of the trace.
  const logs = (detail?.logs ?? []).filter(
    (l) => !span?.spark.stageId || l.stageId === span.spark.stageId,
  );
  const appId = trace?.spans.find((s) => s.spark.appId)?.spark.appId;
  // The app's metrics around the trace (up to when it was read): asked once the trace names the
  // app and its time.
  const around = trace && metricsWindowOf(trace, query.dataUpdatedAt);
  const metrics = useQuery({
    ...appSignalsQuery(appId ?? '', around ?? { from: 0, to: 0 }, 600),
    enabled: Boolean(appId && around),
  });

  if (query.isPending) return <Skeleton className="h-96" />;
  if (query.error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {query.error.message}
      </p>
    );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{trace ? trace.rootName : 'Trace'}</h1>
        <p className="font-mono text-xs text-muted">
          {traceId}
          {trace
            ? ` · ${trace.service} · ${formatTime(trace.start, true)} · ${formatDuration(trace.durationMs)} · ${trace.spans.length} spans`
            : ''}
        </p>
        {appId && trace ? (
          <Link
            className="text-sm text-sky-700 underline dark:text-sky-300"
            href={appHref(appId, {
              from: Math.floor(trace.start - 15 * 60_000),
              to: Math.ceil(trace.start + trace.durationMs + 15 * 60_000),
            })}
          >
            Open the app timeline around this trace
          </Link>
        ) : null}
      </div>
      <SourceStatuses sources={query.data?.sources} only={['jaeger']} />
      {trace ? (
        <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
          <Card title="Waterfall">
            <Waterfall
              trace={trace}
              selected={spanId ?? undefined}
              onSelect={(s) => void setSpanId(s.spanId)}
            />
          </Card>
          <Card title={span ? `Span: ${span.name}` : 'Span attributes'} testId="span-attributes">
            {span ? (
              selected.data?.data.span ? (
                <SpanDetail span={selected.data.data.span} />
              ) : selected.error ? (
                <p role="alert" className="text-sm text-red-700">
                  {selected.error.message}
                </p>
              ) : selected.data ? (
                <>
                  <SourceStatuses sources={selected.data.sources} only={['jaeger']} />
                  <SpanTimes span={span} />
                </>
              ) : (
                <Skeleton className="h-24" />
              )
            ) : (
              <Empty
                title="Select a span in the waterfall."
                hint="Its attributes and its logs appear here and below."
              />
            )}
          </Card>
        </div>
      ) : query.data?.sources.jaeger?.state === 'ok' ? (
        <Empty
          title="Jaeger has no trace with this id."
          hint="It may have been evicted (in-memory storage) or never exported."
        />
      ) : null}
      <Card
        title={
          <span>
            {span?.spark.stageId
              ? `Logs of stage ${span.spark.stageId} in this trace`
              : 'Logs of this trace'}{' '}
            <span className="font-normal text-muted">{logs.length}</span>
          </span>
        }
        testId="trace-logs"
      >
        <SourceStatuses sources={query.data?.sources} only={['elasticsearch']} />
        {logs.length ? (
          <LogList
            entries={logs}
            selected={selectedLog}
            onSelect={setSelectedLog}
            onOpen={() => undefined}
            height={260}
          />
        ) : query.data?.sources.elasticsearch?.state === 'ok' ? (
          <Empty
            title="No log line carries this trace id."
            hint="Executors log the trace id only when the job sets mdc.traceId."
          />
        ) : null}
      </Card>
      <Card title="Metrics around this trace" testId="trace-metrics">
        {appId ? null : trace ? <Empty title="No span of this trace names a Spark app." /> : null}
        <SourceStatuses sources={metrics.data?.sources} only={['prometheus']} />
        {metrics.data?.data.length ? (
          <div className="grid gap-4 lg:grid-cols-3">
            {metrics.data.data
              .filter((s) => s.series.some((x) => x.values.length))
              .slice(0, 6)
              .map((s) => (
                <div key={s.id}>
                  <h3 className="text-xs font-medium text-muted">
                    {s.title} ({s.unit})
                  </h3>
                  <TimeChart
                    data={toRows(
                      s.series.map((x) => ({ name: seriesName(x, s.title), series: x })),
                    )}
                    unit={s.unit}
                    height={110}
                    domain={[
                      Math.min(...s.series.map((x) => firstTime(x) ?? Infinity)),
                      Math.max(...s.series.map((x) => lastTime(x) ?? -Infinity)),
                    ]}
                    shades={
                      trace
                        ? [
                            {
                              from: (span ?? trace).start,
                              to:
                                (span ?? trace).start + Math.max(1000, (span ?? trace).durationMs),
                              color: '#0ea5e9',
                            },
                          ]
                        : []
                    }
                  />
                </div>
              ))}
          </div>
        ) : null}
      </Card>
    </div>
  );
}

/** A span's time and status, as text. */
function SpanTimes({ span }: { span: SpanHead }) {
  return (
    <p className="mb-2 text-xs text-muted">
      {formatTime(span.start, true)} · {formatDuration(span.durationMs)} · {span.status}
      {span.statusMessage ? ` — ${span.statusMessage}` : ''}
    </p>
  );
}

/** A span's time, status and attributes, as text. */
export function SpanDetail({ span }: { span: Span }) {
  return (
    <>
      <SpanTimes span={span} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
        {Object.entries(span.attributes).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="break-all">{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
