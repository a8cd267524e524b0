/**
 * Shapes of the console's own JSON API, shared by every layer and the UI (no server code here).
 * Answer types are inferred from their schemas (lib/domain/schemas.ts), which the OpenAPI document
 * is generated from: one definition per shape. Only type imports of the schemas here, so the
 * browser bundle never carries zod for them.
 */
import type { z } from 'zod';
import type * as schemas from './schemas';

export type SourceName = z.infer<typeof schemas.sourceNameSchema>;
export type SourceStatus = z.infer<typeof schemas.sourceStatusSchema>;
export type SourceState = SourceStatus['state'];
export type BackendProbe = z.infer<typeof schemas.backendProbeSchema>;
export type HealthResponse = z.infer<typeof schemas.healthSchema>;

/** Log levels, most verbose first. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Level = (typeof LEVELS)[number];

/** Times in the console's API are epoch milliseconds. */
export type TimeWindow = z.infer<typeof schemas.timeWindowSchema>;

/** A source's answer with warnings or partial data alongside its value. */
export interface WithWarnings<T> {
  value: T;
  warnings: string[];
  partial?: boolean;
}

/** Every multi-backend answer: the joined data plus what each backend did. */
export interface Correlated<T> {
  data: T;
  sources: Partial<Record<SourceName, SourceStatus>>;
}

export type Span = z.infer<typeof schemas.spanSchema>;
/** A span without its attribute map: all a trace summary reads (Spark ids, times, status). */
export type SpanHead = Omit<Span, 'attributes'>;
/** A trace of full spans (the API's), or of span heads (what a summary is computed from). */
export type Trace<S extends SpanHead = Span> = Omit<
  z.infer<typeof schemas.traceSchema>,
  'spans'
> & {
  spans: S[];
};
export type TraceSummary = z.infer<typeof schemas.traceSummarySchema>;
export type TraceOutline = z.infer<typeof schemas.traceOutlineSchema>;
export type TraceView = z.infer<typeof schemas.traceViewSchema>;

export type LogEntry = z.infer<typeof schemas.logEntrySchema>;
export type LogVolumeBucket = z.infer<typeof schemas.logVolumeBucketSchema>;
export type LogPage = z.infer<typeof schemas.logPageSchema>;

export type MetricSeries = z.infer<typeof schemas.metricSeriesSchema>;
export type Signal = z.infer<typeof schemas.signalSchema>;

export type Alert = z.infer<typeof schemas.alertSchema>;
export type AlertInterval = z.infer<typeof schemas.alertIntervalSchema>;
export type ExecutorEvent = z.infer<typeof schemas.executorEventSchema>;
export type SparkApp = z.infer<typeof schemas.sparkAppSchema>;
export type Timeline = z.infer<typeof schemas.timelineSchema>;
export type IncidentScope = z.infer<typeof schemas.incidentScopeSchema>;
export type TraceDetail = z.infer<typeof schemas.traceDetailSchema>;
export type CoverageSignal = z.infer<typeof schemas.coverageSignalSchema>;
export type Coverage = z.infer<typeof schemas.coverageSchema>;
export type ShipperStatus = z.infer<typeof schemas.shipperStatusSchema>;
/** An incident's status, in the order it usually moves. */
export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved'] as const;

/** Limits of what one incident holds: a note, the title, the pins. */
export const INCIDENT_LIMITS = {
  title: 200,
  noteBytes: 10 * 1024,
  logs: 200,
  traces: 20,
  notes: 500,
} as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentAlert = z.infer<typeof schemas.incidentAlertSchema>;
export type IncidentQuery = z.infer<typeof schemas.incidentQuerySchema>;
export type PinnedLog = z.infer<typeof schemas.pinnedLogSchema>;
export type PinnedTrace = z.infer<typeof schemas.pinnedTraceSchema>;
export type IncidentEvidence = z.infer<typeof schemas.incidentEvidenceSchema>;
export type IncidentNote = z.infer<typeof schemas.incidentNoteSchema>;
export type Incident = z.infer<typeof schemas.incidentSchema>;
export type IncidentSummary = z.infer<typeof schemas.incidentSummarySchema>;
export type IncidentBundle = z.infer<typeof schemas.incidentBundleSchema>;
export type IncidentLiveness = z.infer<typeof schemas.incidentLivenessSchema>;
/** What saving an incident asks for (POST /api/incidents). */
export type CreateIncident = z.output<typeof schemas.createIncidentSchema>;
