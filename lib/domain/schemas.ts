import { z } from 'zod';

/**
 * The console API's answers, defined once: lib/domain/types.ts infers the TypeScript types from
 * these, lib/api/openapi.ts generates the OpenAPI schemas from them, and the route tests check real
 * answers against them. Times are epoch milliseconds; ids are strings as the backends carry them.
 */
const ms = (description = 'epoch milliseconds') => z.number().meta({ description });
const strings = z.record(z.string(), z.string());

export const sourceNameSchema = z.enum(['prometheus', 'alertmanager', 'elasticsearch', 'jaeger']);

export const sourceStatusSchema = z
  .object({
    state: z.enum(['ok', 'partial', 'error', 'timeout']),
    tookMs: z.number(),
    warnings: z.array(z.string()).optional(),
    error: z
      .object({ kind: z.string(), message: z.string(), status: z.number().int().optional() })
      .optional(),
  })
  .meta({ id: 'SourceStatus' });

export const sourcesSchema = z
  .partialRecord(sourceNameSchema, sourceStatusSchema)
  .meta({ id: 'Sources', description: 'what each backend did for this answer' });

export const backendProbeSchema = z
  .object({ version: z.string(), detail: z.string().optional() })
  .meta({ id: 'BackendProbe' });

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checkedAt: z.string(),
    down: z.array(z.string()),
    data: z.record(sourceNameSchema, backendProbeSchema.nullable()),
    sources: z.record(sourceNameSchema, sourceStatusSchema),
  })
  .meta({ id: 'Health' });

export const timeWindowSchema = z.object({ from: ms(), to: ms() }).meta({ id: 'TimeWindow' });

const sparkIdsSchema = z.object({
  appId: z.string().optional(),
  appName: z.string().optional(),
  queryName: z.string().optional(),
  batchId: z.string().optional(),
  jobId: z.string().optional(),
  stageId: z.string().optional(),
});

export const spanSchema = z
  .object({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string().optional(),
    name: z.string(),
    service: z.string(),
    start: ms('epoch milliseconds (fractional)'),
    durationMs: z.number(),
    attributes: strings,
    status: z.enum(['ok', 'error', 'unset']),
    statusMessage: z.string().optional(),
    spark: sparkIdsSchema,
  })
  .meta({ id: 'Span' });

export const traceSchema = z
  .object({
    traceId: z.string(),
    spans: z.array(spanSchema),
    start: ms(),
    durationMs: z.number(),
    rootName: z.string(),
    service: z.string(),
  })
  .meta({ id: 'Trace' });

export const traceSummarySchema = z
  .object({
    traceId: z.string(),
    rootName: z.string(),
    service: z.string(),
    start: ms(),
    durationMs: z.number(),
    spanCount: z.number().int(),
    errorCount: z.number().int(),
    spark: sparkIdsSchema,
  })
  .meta({ id: 'TraceSummary' });

/** The optional string fields of a log line: the Spark ids it carries and where it ran. */
export const LOG_ENTRY_FIELDS = [
  'logger',
  'appId',
  'appName',
  'executorId',
  'stageId',
  'batchId',
  'jobId',
  'taskId',
  'traceId',
  'host',
] as const;

export const logEntrySchema = z
  .object({
    id: z.string(),
    index: z.string(),
    timestamp: ms(),
    level: z.string(),
    message: z.string(),
    ...(Object.fromEntries(LOG_ENTRY_FIELDS.map((k) => [k, z.string().optional()])) as Record<
      (typeof LOG_ENTRY_FIELDS)[number],
      z.ZodOptional<z.ZodString>
    >),
    exception: z
      .object({
        class: z.string().optional(),
        msg: z.string().optional(),
        stacktrace: z.string().optional(),
      })
      .optional(),
  })
  .meta({ id: 'LogEntry' });

export const logVolumeBucketSchema = z
  .object({ t: ms(), counts: z.record(z.string(), z.number().int()) })
  .meta({ id: 'LogVolumeBucket' });

export const logPageSchema = z
  .object({
    entries: z.array(logEntrySchema),
    total: z.number().int(),
    totalIsExact: z.boolean(),
    histogram: z.array(logVolumeBucketSchema),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'pass as `cursor` for the next (older) page' }),
  })
  .meta({ id: 'LogPage' });

export const logContextSchema = z
  .object({
    hit: logEntrySchema,
    before: z.array(logEntrySchema),
    after: z.array(logEntrySchema),
  })
  .meta({ id: 'LogContext' });

/**
 * A Prometheus series on its query's step grid: value `i` is at `start + i * step`. Half the bytes
 * of `[t, v]` pairs, and a timeline carries thousands of values.
 */
export const metricSeriesSchema = z
  .object({
    labels: strings,
    start: ms('epoch milliseconds of values[0]'),
    step: z.number().min(1).meta({ description: 'milliseconds between two values' }),
    values: z
      .array(z.number().nullable())
      .meta({ description: 'value i is at start + i × step; null is a gap (never first or last)' }),
  })
  .meta({ id: 'MetricSeries' });

export const signalSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    unit: z.string(),
    series: z.array(metricSeriesSchema),
  })
  .meta({ id: 'Signal' });

export const alertSchema = z
  .object({
    fingerprint: z.string(),
    name: z.string(),
    state: z.enum(['active', 'suppressed', 'unprocessed', 'resolved']),
    severity: z.string().optional(),
    appId: z.string().optional(),
    appName: z.string().optional(),
    query: z.string().optional(),
    startsAt: ms(),
    endsAt: ms('epoch milliseconds; resolved alerts only').optional(),
    summary: z.string().optional(),
    description: z.string().optional(),
    labels: strings,
  })
  .meta({ id: 'Alert' });

export const alertsSchema = z
  .object({
    active: z.array(alertSchema),
    recent: z.array(alertSchema).meta({ description: 'resolved, received through the webhook' }),
  })
  .meta({ id: 'Alerts' });

export const alertIntervalSchema = z.object({
  name: z.string(),
  severity: z.string().optional(),
  from: ms(),
  to: ms(),
  firing: z.boolean(),
});

export const executorEventSchema = z.object({
  executorId: z.string(),
  kind: z.enum(['added', 'lost']),
  at: ms(),
  reason: z.string().optional(),
});

export const sparkAppSchema = z
  .object({
    appId: z.string(),
    appName: z.string().optional(),
    firstSeen: ms().optional(),
    lastSeen: ms().optional(),
    running: z.boolean(),
    firingAlerts: z.number().int(),
    seenIn: z.array(sourceNameSchema),
  })
  .meta({ id: 'SparkApp' });

export const timelineSchema = z
  .object({
    appId: z.string(),
    appName: z.string().optional(),
    window: timeWindowSchema,
    alerts: z.array(alertIntervalSchema),
    signals: z.array(signalSchema),
    executors: z.object({
      count: z.array(metricSeriesSchema),
      events: z.array(executorEventSchema),
    }),
    batches: z.array(traceSummarySchema),
    logVolume: z.array(logVolumeBucketSchema),
  })
  .meta({ id: 'Timeline' });

export const incidentScopeSchema = z
  .object({
    alert: alertSchema,
    appId: z.string(),
    appName: z.string().optional(),
    query: z.string().optional(),
    onset: ms("when the alert's condition began (Prometheus ALERTS series)").optional(),
    window: timeWindowSchema,
    link: z
      .string()
      .optional()
      .meta({ description: 'the incident view, absolute (CONSOLE_PUBLIC_URL), with this window' }),
  })
  .meta({ id: 'IncidentScope' });

export const traceDetailSchema = z
  .object({
    trace: traceSchema.nullable(),
    logs: z.array(logEntrySchema),
    signals: z.array(signalSchema),
  })
  .meta({ id: 'TraceDetail' });

export const errorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), param: z.string().optional() }),
  })
  .meta({ id: 'Error' });

/** `{ data, sources }`: data is null where the backend it comes from failed (see sources). */
export const correlated = <T extends z.ZodType>(data: T) =>
  z.object({ data, sources: sourcesSchema });
