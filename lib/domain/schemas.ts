import { z } from 'zod';
import { patterns } from './ids';
import { INCIDENT_LIMITS, INCIDENT_STATUSES } from './types';

/**
 * The console API's answers, defined once: lib/domain/types.ts infers the TypeScript types from
 * these, lib/api/openapi.ts generates the OpenAPI schemas from them, and the route tests check real
 * answers against them. Times are epoch milliseconds; ids are strings as the backends carry them.
 */
const ms = (description = 'epoch milliseconds') => z.number().meta({ description });
const strings = z.record(z.string(), z.string());

export const sourceNameSchema = z.enum([
  'prometheus',
  'alertmanager',
  'elasticsearch',
  'jaeger',
  'spark',
]);

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

/** Runs of equal values of consecutive spans: `[count, value]`. */
const runs = <T extends z.ZodType>(value: T) => z.array(z.tuple([z.number().int().min(1), value]));
const sparkColumn = runs(z.string().nullable()).optional();

/**
 * A trace's spans column by column, without their attributes (`GET /api/traces/{id}/spans/{spanId}`
 * has one span's): what the trace page draws, small enough for traces of tens of thousands of spans.
 * Item `i` of each plain column is span `i`; the run columns count spans in the same order.
 * `lib/domain/trace.ts` turns it back into spans.
 */
export const traceOutlineSchema = z
  .object({
    traceId: z.string(),
    spanCount: z.number().int(),
    baseUs: z.number().int().meta({ description: 'epoch microseconds that `startUs` counts from' }),
    resources: z.array(z.object({ service: z.string(), spark: sparkIdsSchema })).meta({
      description: "the spans' resources: service and Spark ids, referred to by `resource`",
    }),
    statusMessages: z
      .array(z.tuple([z.number().int(), z.string()]))
      .meta({ description: '[span index, status message] of the spans that have one' }),
    spanId: z.array(z.string()),
    parentSpanId: z.array(z.string()).meta({ description: 'empty for a root span' }),
    name: z.array(z.string()),
    startUs: z.array(z.number().int()).meta({ description: 'microseconds after `baseUs`' }),
    durationUs: z.array(z.number().int()),
    resource: runs(z.number().int().min(0)).meta({
      description: '[count, index in `resources`]: runs of consecutive spans of one resource',
    }),
    status: runs(z.number().int().min(0).max(2)).meta({
      description:
        '[count, code]: runs of consecutive spans of one status (0 unset, 1 ok, 2 error)',
    }),
    spark: z
      .object({
        appId: sparkColumn,
        appName: sparkColumn,
        queryName: sparkColumn,
        batchId: sparkColumn,
        jobId: sparkColumn,
        stageId: sparkColumn,
      })
      .meta({
        description:
          "the spans' own Spark ids as runs of [count, value]: null where the resource's apply, empty where a span clears one; a column absent when no span has one",
      }),
  })
  .meta({ id: 'TraceOutline' });

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
  /** `removed`: stopped reporting while the app ran, with no sign of a loss (dynamic allocation). */
  kind: z.enum(['added', 'lost', 'removed']),
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

/** The trace page's answer: the trace's outline and its log lines (its app's metrics are asked apart). */
export const traceViewSchema = z
  .object({ trace: traceOutlineSchema.nullable(), logs: z.array(logEntrySchema) })
  .meta({ id: 'TraceView' });

export const spanAnswerSchema = z
  .object({ span: spanSchema.nullable() })
  .meta({ id: 'SpanDetail' });

export const coverageSignalSchema = z.object({
  id: z.enum([
    'driverMetrics',
    'executorMetrics',
    'streamingMetrics',
    'logs',
    'logIds',
    'traces',
    'sparkRecord',
  ]),
  title: z.string(),
  state: z.enum(['seen', 'missing', 'unknown']),
  detail: z.string(),
  fix: z
    .array(z.string())
    .optional()
    .meta({ description: 'the Spark configuration (or deployment) that supplies it' }),
});

export const coverageSchema = z
  .object({
    appId: z.string(),
    window: timeWindowSchema,
    signals: z.array(coverageSignalSchema),
  })
  .meta({ id: 'Coverage' });

export const sparkStageStatusSchema = z.enum([
  'ACTIVE',
  'COMPLETE',
  'FAILED',
  'PENDING',
  'SKIPPED',
]);
export const sparkJobStatusSchema = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'UNKNOWN']);

export const stageFlagSchema = z
  .object({
    kind: z.enum(['skew', 'spill', 'gc', 'fetchWait', 'failed']),
    numbers: z.record(z.string(), z.number()).meta({
      description:
        'what raised the flag and its threshold: skew {ratio, maxTaskMs, medianTaskMs, tasks, threshold, dataRatio?, maxTaskBytes?, medianTaskBytes?}; spill {memoryBytes, diskBytes}; gc {share, gcMs, runMs, threshold}; fetchWait {share, fetchWaitMs, runMs, threshold}; failed {failedTasks, tasks, attempt, stageFailed}',
    }),
  })
  .meta({ id: 'StageFlag' });

/** A count the answer leaves out when it is 0. */
const zeroAbsent = (n: z.ZodNumber) => n.meta({ description: 'absent when 0' }).optional();

const taskDurationSchema = z
  .object({ quantiles: z.array(z.number()), values: z.array(z.number()) })
  .meta({ description: 'task duration quantiles: quantiles[i] → values[i] (ms)' });

export const stageRowSchema = z
  .object({
    stageId: z.number().int(),
    attemptId: z.number().int(),
    name: z.string(),
    description: z.string().optional(),
    status: sparkStageStatusSchema,
    jobIds: z.array(z.number().int()),
    submitted: ms().optional(),
    completed: ms().optional(),
    durationMs: z.number().optional(),
    numTasks: z.number().int(),
    // The counters below are left out when 0 (most are, on most stages): a third of the answer of
    // a 2,000-stage app.
    failedTasks: zeroAbsent(z.number().int()),
    killedTasks: zeroAbsent(z.number().int()),
    runTimeMs: zeroAbsent(z.number()),
    gcTimeMs: zeroAbsent(z.number()),
    gcShare: z
      .number()
      .meta({
        description:
          'GC time over executor run time, 0..1 (no longer sent: gcTimeMs / runTimeMs; read in incidents saved before)',
      })
      .optional(),
    inputBytes: zeroAbsent(z.number()),
    outputBytes: zeroAbsent(z.number()),
    shuffleReadBytes: zeroAbsent(z.number()),
    shuffleWriteBytes: zeroAbsent(z.number()),
    shuffleFetchWaitMs: zeroAbsent(z.number()),
    memorySpilledBytes: zeroAbsent(z.number()),
    diskSpilledBytes: zeroAbsent(z.number()),
    taskDurationMs: taskDurationSchema
      .meta({
        description:
          'task duration quantiles: quantiles[i] → values[i] (ms); read with the list only for the stages that can be skewed, the others through /stages/summaries',
      })
      .optional(),
    failureReason: z.string().optional(),
    flags: z.array(stageFlagSchema),
  })
  .meta({ id: 'StageRow' });

export const stageSummariesSchema = z
  .object({
    appId: z.string(),
    summaries: z.array(
      z.object({
        stageId: z.number().int(),
        attemptId: z.number().int(),
        taskDurationMs: taskDurationSchema,
      }),
    ),
  })
  .meta({ id: 'StageSummaries' });

export const jobRowSchema = z
  .object({
    jobId: z.number().int(),
    name: z.string(),
    description: z.string().optional(),
    status: sparkJobStatusSchema,
    submitted: ms().optional(),
    completed: ms().optional(),
    durationMs: z.number().optional(),
    stageIds: z.array(z.number().int()),
    numTasks: z.number().int(),
    numFailedTasks: zeroAbsent(z.number().int()),
    numFailedStages: zeroAbsent(z.number().int()),
  })
  .meta({ id: 'JobRow' });

export const appStagesSchema = z
  .object({
    appId: z.string(),
    origin: z
      .enum(['history', 'driver'])
      .meta({ description: "where Spark's record was read; absent when it did not answer" })
      .optional(),
    jobs: z.array(jobRowSchema),
    stages: z.array(stageRowSchema),
  })
  .meta({ id: 'AppStages' });

export const stageMetricsSchema = z
  .object({
    stageId: z.number().int(),
    attemptId: z.number().int(),
    status: sparkStageStatusSchema,
    submitted: ms().optional(),
    completed: ms().optional(),
    durationMs: z.number(),
    numTasks: z.number().int(),
    runTimeMs: z.number(),
    gcTimeMs: z.number(),
    shuffleReadBytes: z.number(),
    shuffleWriteBytes: z.number(),
    spillBytes: z.number().meta({ description: 'memory + disk bytes spilled' }),
    inputRecords: z.number(),
    outputRecords: z.number(),
    shuffleReadRecords: z.number(),
    shuffleWriteRecords: z.number(),
    flags: z.array(stageFlagSchema),
  })
  .meta({ id: 'StageMetrics' });

export const stageDeltaSchema = z
  .object({
    key: z.string().meta({
      description:
        'what matched the two stages: job description or name, call site, and the n-th such stage of the run',
    }),
    name: z.string(),
    description: z.string().optional(),
    current: stageMetricsSchema.optional(),
    base: stageMetricsSchema.optional(),
    delta: z
      .object({
        durationMs: z.number(),
        runTimeMs: z.number(),
        gcTimeMs: z.number(),
        shuffleReadBytes: z.number(),
        shuffleWriteBytes: z.number(),
        spillBytes: z.number(),
        records: z.number().meta({ description: 'input + shuffle read records' }),
      })
      .meta({ description: 'current minus base; a stage of one run only is compared to zero' }),
    slowestTask: z
      .object({ taskId: z.number().int(), executorId: z.string(), durationMs: z.number() })
      .meta({ description: "the current run's slowest task of a flagged stage" })
      .optional(),
  })
  .meta({ id: 'StageDelta' });

export const runSchema = z
  .object({
    appId: z.string(),
    name: z.string(),
    start: ms().optional(),
    end: ms().optional(),
    durationMs: z.number().optional(),
    completed: z.boolean(),
  })
  .meta({ id: 'Run' });

export const appRunsSchema = z
  .object({
    appId: z.string(),
    name: z.string().optional(),
    previous: runSchema
      .meta({ description: 'the newest run of the same app name that started before this one' })
      .optional(),
    runs: z.array(runSchema).meta({ description: 'other runs of the same app name, newest first' }),
  })
  .meta({ id: 'AppRuns' });

export const logVolumeSchema = z
  .object({
    total: z.number().int(),
    errors: z.number().int().meta({ description: 'ERROR and FATAL lines' }),
    byLogger: z.array(
      z.object({ logger: z.string(), lines: z.number().int(), errors: z.number().int() }),
    ),
  })
  .meta({ id: 'LogVolume' });

export const appComparisonSchema = z
  .object({
    current: runSchema.optional(),
    base: runSchema.optional(),
    stages: z
      .array(stageDeltaSchema)
      .meta({ description: 'matched stages, biggest duration regression first' }),
    properties: z
      .array(
        z.object({ key: z.string(), current: z.string().optional(), base: z.string().optional() }),
      )
      .meta({
        description: 'Spark properties that differ (secrets redacted; per-run ids left out)',
      }),
    logs: z
      .object({ current: logVolumeSchema, base: logVolumeSchema })
      .meta({ description: 'log lines by logger and error counts of each run' })
      .optional(),
  })
  .meta({ id: 'AppComparison' });

export const batchProgressSchema = z
  .object({
    queryId: z.string(),
    runId: z.string(),
    name: z.string().optional(),
    batchId: z.number().int(),
    timestamp: ms('when the trigger started'),
    batchDurationMs: z.number(),
    numInputRows: z.number(),
    inputRowsPerSecond: z.number().optional(),
    processedRowsPerSecond: z.number().optional(),
    durationMs: z.record(z.string(), z.number()).meta({
      description:
        'the trigger phases: addBatch, getBatch, latestOffset, queryPlanning, walCommit, commitOffsets, triggerExecution',
    }),
    watermark: ms('the event-time watermark').optional(),
    eventTime: z
      .object({ min: ms().optional(), max: ms().optional(), avg: ms().optional() })
      .optional(),
    stateOperators: z.array(
      z.object({
        operatorName: z.string(),
        numRowsTotal: z.number(),
        numRowsUpdated: z.number(),
        numRowsRemoved: z.number().optional(),
        numRowsDroppedByWatermark: z.number().optional(),
        memoryUsedBytes: z.number(),
      }),
    ),
    sources: z.array(
      z.object({
        description: z.string(),
        startOffset: z.string().meta({ description: 'as Spark wrote it (JSON text)' }).optional(),
        endOffset: z.string().optional(),
        latestOffset: z.string().optional(),
        numInputRows: z.number(),
      }),
    ),
    sink: z.object({ description: z.string(), numOutputRows: z.number().optional() }).optional(),
  })
  .meta({ id: 'BatchProgress' });

export const batchSchema = z
  .object({
    appId: z.string(),
    batchId: z.number().int(),
    progress: z.array(batchProgressSchema).meta({
      description:
        "the micro-batch's StreamingQueryProgress, one per query that ran it, read from the driver's 'Streaming query made progress' log line",
    }),
    sql: z.array(
      z.object({
        id: z.number().int(),
        status: z.string(),
        description: z.string(),
        submitted: ms().optional(),
        durationMs: z.number(),
        jobIds: z.array(z.number().int()),
      }),
    ),
    jobs: z.array(jobRowSchema),
    stages: z.array(stageRowSchema),
  })
  .meta({ id: 'Batch' });

export const shipperStatusSchema = z
  .object({
    instance: z.string(),
    up: z.boolean().meta({ description: "Prometheus's last scrape of the shipper succeeded" }),
    linesShipped: z.number(),
    linesDeadLettered: z.number(),
    linesCut: z.number(),
    linesRaw: z.number(),
    failedPasses: z.number(),
    offsetWriteErrors: z.number(),
    lagBytes: z
      .number()
      .meta({ description: 'bytes written to the log files and not shipped yet' }),
    files: z.array(z.object({ file: z.string(), lagBytes: z.number() })),
    lastError: z.object({ at: ms(), message: z.string() }).optional(),
    lastSuccessAt: ms().optional(),
  })
  .meta({ id: 'ShipperStatus' });

export const errorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), param: z.string().optional() }),
  })
  .meta({ id: 'Error' });

/** `{ data, sources }`: data is null where the backend it comes from failed (see sources). */
export const correlated = <T extends z.ZodType>(data: T) =>
  z.object({ data, sources: sourcesSchema });

/*
 * Incidents: an alert's scope saved with its evidence copied in (lib/correlate/incidents.ts),
 * stored in the console's own Elasticsearch index so a link outlives the backends' retention.
 */
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);

export const incidentAlertSchema = alertSchema
  .extend({ onset: ms("when the alert's condition began (Prometheus ALERTS series)").optional() })
  .meta({ id: 'IncidentAlert' });

export const incidentQuerySchema = z
  .object({
    label: z.string().meta({ description: 'which view or API answer this is' }),
    url: z.string().meta({ description: 'path and query string, relative to the console' }),
  })
  .meta({ id: 'IncidentQuery' });

export const pinnedLogSchema = z
  .object({
    key: z.string(),
    pinnedAt: ms(),
    pinnedBy: z.string(),
    entry: logEntrySchema,
    document: z
      .record(z.string(), z.unknown())
      .meta({ description: 'the whole Elasticsearch document (_source), as it was' }),
  })
  .meta({ id: 'PinnedLog' });

export const pinnedTraceSchema = z
  .object({ key: z.string(), pinnedAt: ms(), pinnedBy: z.string(), detail: traceDetailSchema })
  .meta({ id: 'PinnedTrace' });

export const incidentEvidenceSchema = z
  .object({
    logs: z.array(pinnedLogSchema),
    traces: z.array(pinnedTraceSchema),
    timeline: z.object({ frozenAt: ms(), timeline: timelineSchema }).nullable(),
    stages: z.object({ frozenAt: ms(), stages: appStagesSchema }).nullable(),
  })
  .meta({ id: 'IncidentEvidence' });

export const incidentNoteSchema = z
  .object({ id: z.string(), at: ms(), who: z.string(), text: z.string() })
  .meta({ id: 'IncidentNote' });

export const incidentHistorySchema = z
  .object({ at: ms(), who: z.string(), what: z.string() })
  .meta({ id: 'IncidentHistoryEntry' });

export const incidentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: incidentStatusSchema,
    createdAt: ms(),
    updatedAt: ms(),
    alert: incidentAlertSchema.optional(),
    scope: z.object({
      appId: z.string(),
      appName: z.string().optional(),
      window: timeWindowSchema,
    }),
    queries: z.array(incidentQuerySchema),
    evidence: incidentEvidenceSchema,
    notes: z.array(incidentNoteSchema),
    history: z.array(incidentHistorySchema),
  })
  .meta({ id: 'Incident' });

export const incidentSummarySchema = incidentSchema
  .pick({ id: true, title: true, status: true, createdAt: true, updatedAt: true, scope: true })
  .extend({
    alertName: z.string().optional(),
    pinned: z.object({ logs: z.number().int(), traces: z.number().int() }),
  })
  .meta({ id: 'IncidentSummary' });

/** The export: one incident, self-contained, importable into another Sparkwatch. */
export const incidentBundleSchema = z
  .object({
    format: z.literal('sparkwatch-incident'),
    version: z.literal(1),
    exportedAt: ms(),
    incident: incidentSchema,
  })
  .meta({ id: 'IncidentBundle' });

/** Whether each pinned piece is still in its backend (the live view exists) or only frozen here. */
export const incidentLivenessSchema = z
  .object({
    logs: z.record(z.string(), z.boolean()),
    traces: z.record(z.string(), z.boolean()),
  })
  .meta({ id: 'IncidentLiveness' });

/* What the incident API accepts: strict objects, so an unknown field is refused, never ignored. */
const idOf = (pattern: RegExp, what: string) =>
  z.string().max(128).regex(pattern, `not a valid ${what}`);
const incidentTitle = z.string().trim().min(1, 'is empty').max(INCIDENT_LIMITS.title);
export const logRefSchema = z
  .strictObject({ index: idOf(patterns.index, 'index name'), id: idOf(patterns.docId, 'log id') })
  .meta({ id: 'LogRef' });
const traceIdInput = idOf(patterns.traceId, 'trace id (16 or 32 lowercase hex digits)');

export const createIncidentSchema = z
  .strictObject({
    title: incidentTitle,
    view: z.enum(['incident', 'app']).meta({ description: 'the page it was saved from' }),
    appId: idOf(patterns.appId, 'Spark application id'),
    appName: idOf(patterns.appId, 'app name').optional(),
    alert: idOf(patterns.fingerprint, 'alert fingerprint').optional(),
    window: z.strictObject({ from: z.number().int(), to: z.number().int() }),
    filters: z
      .strictObject({
        stageId: z.number().int().min(0).nullable().optional(),
        batchId: z.number().int().min(0).nullable().optional(),
        executorId: idOf(patterns.executorId, 'executor id').nullable().optional(),
        traceId: traceIdInput.nullable().optional(),
        level: z.string().max(64).nullable().optional(),
        q: z.string().max(500).nullable().optional(),
      })
      .optional(),
    logs: z.array(logRefSchema).max(INCIDENT_LIMITS.logs),
    traces: z.array(traceIdInput).max(INCIDENT_LIMITS.traces),
  })
  .meta({ id: 'CreateIncident' });

export const patchIncidentSchema = z
  .strictObject({ status: incidentStatusSchema.optional(), title: incidentTitle.optional() })
  .refine((p) => p.status !== undefined || p.title !== undefined, 'give status or title')
  .meta({ id: 'PatchIncident' });

export const noteInputSchema = z
  .strictObject({ text: z.string().trim().min(1, 'is empty') })
  .meta({ id: 'NoteInput' });

export const pinInputSchema = z
  .union([z.strictObject({ log: logRefSchema }), z.strictObject({ trace: traceIdInput })])
  .meta({ id: 'PinInput', description: 'one log line or one trace to copy into the incident' });
