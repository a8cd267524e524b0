/**
 * Shapes of the console's own JSON API, shared by routes and the UI (no server code here).
 */
export type SourceName = 'prometheus' | 'alertmanager' | 'elasticsearch' | 'jaeger';
export type SourceState = 'ok' | 'partial' | 'error' | 'timeout';

export interface SourceStatus {
  state: SourceState;
  tookMs: number;
  warnings?: string[];
  error?: { kind: string; message: string; status?: number };
}

export interface BackendProbe {
  version: string;
  detail?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  checkedAt: string;
  down: string[];
  data: Record<SourceName, BackendProbe | null>;
  sources: Record<SourceName, SourceStatus>;
}

/** Log levels, most verbose first; the API accepts these, the logs page offers the usual four. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Level = (typeof LEVELS)[number];

/** Times in the console's API are epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

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

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  /** Epoch ms (fractional). */
  start: number;
  durationMs: number;
  attributes: Record<string, string>;
  status: 'ok' | 'error' | 'unset';
  statusMessage?: string;
  spark: {
    appId?: string;
    appName?: string;
    queryName?: string;
    batchId?: string;
    jobId?: string;
    stageId?: string;
  };
}

/** A span without its attribute map: all a trace summary reads (Spark ids, times, status). */
export type SpanHead = Omit<Span, 'attributes'>;

export interface Trace<S extends SpanHead = Span> {
  traceId: string;
  spans: S[];
  start: number;
  durationMs: number;
  rootName: string;
  service: string;
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  service: string;
  start: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  spark: Span['spark'];
}

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

export interface LogEntry {
  id: string;
  index: string;
  timestamp: number;
  level: string;
  logger?: string;
  message: string;
  appId?: string;
  appName?: string;
  executorId?: string;
  stageId?: string;
  batchId?: string;
  jobId?: string;
  taskId?: string;
  traceId?: string;
  host?: string;
  exception?: { class?: string; msg?: string; stacktrace?: string };
}

export interface LogVolumeBucket {
  t: number;
  counts: Record<string, number>;
}

export interface LogPage {
  entries: LogEntry[];
  total: number;
  totalIsExact: boolean;
  histogram: LogVolumeBucket[];
  nextCursor?: string;
}

/**
 * A Prometheus series on its query's step grid: value `i` is at `start + i * step`. Half the bytes
 * of `[t, v]` pairs, and a timeline carries thousands of values.
 */
export interface MetricSeries {
  labels: Record<string, string>;
  /** Epoch ms of `values[0]`. */
  start: number;
  /** Ms between two values (the query's step). */
  step: number;
  /** One per step; null is a gap (no sample, or NaN/±Inf). The first and last are never null. */
  values: (number | null)[];
}

export interface Signal {
  id: string;
  title: string;
  unit: string;
  series: MetricSeries[];
}

export interface Alert {
  fingerprint: string;
  name: string;
  state: 'active' | 'suppressed' | 'unprocessed' | 'resolved';
  severity?: string;
  appId?: string;
  appName?: string;
  query?: string;
  startsAt: number;
  endsAt?: number;
  summary?: string;
  description?: string;
  labels: Record<string, string>;
}

export interface AlertInterval {
  name: string;
  severity?: string;
  from: number;
  to: number;
  firing: boolean;
}

export interface ExecutorEvent {
  executorId: string;
  kind: 'added' | 'lost';
  at: number;
  reason?: string;
}

export interface SparkApp {
  appId: string;
  appName?: string;
  firstSeen?: number;
  lastSeen?: number;
  running: boolean;
  firingAlerts: number;
  seenIn: SourceName[];
}

export interface Timeline {
  appId: string;
  appName?: string;
  window: TimeWindow;
  alerts: AlertInterval[];
  signals: Signal[];
  executors: { count: MetricSeries[]; events: ExecutorEvent[] };
  batches: TraceSummary[];
  logVolume: LogVolumeBucket[];
}

export interface IncidentScope {
  alert: Alert;
  appId: string;
  appName?: string;
  query?: string;
  /** When the alert's condition began (Prometheus's ALERTS series), if Prometheus knew. */
  onset?: number;
  window: TimeWindow;
}

export interface TraceDetail {
  trace: Trace | null;
  logs: LogEntry[];
  signals: Signal[];
}
