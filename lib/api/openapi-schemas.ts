/**
 * JSON Schemas of the response data in lib/domain/types.ts, for the OpenAPI document. Times are
 * epoch milliseconds; ids are strings as the backends carry them.
 */
import { LOG_ENTRY_FIELDS } from '@/lib/domain/types';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const ms = { type: 'number', description: 'epoch milliseconds' } as const;
const strings = { type: 'object', additionalProperties: str } as const;
const list = (items: object) => ({ type: 'array', items });
const obj = (required: string[], properties: Record<string, object>) => ({
  type: 'object',
  required,
  properties,
});

const sparkIds = obj([], {
  appId: str,
  appName: str,
  queryName: str,
  batchId: str,
  jobId: str,
  stageId: str,
});

export const dataSchemas = {
  SparkApp: obj(['appId', 'running', 'firingAlerts', 'seenIn'], {
    appId: str,
    appName: str,
    firstSeen: ms,
    lastSeen: ms,
    running: { type: 'boolean' },
    firingAlerts: { type: 'integer' },
    seenIn: list({ enum: ['prometheus', 'alertmanager', 'elasticsearch', 'jaeger'] }),
  }),
  MetricSeries: obj(['labels', 'start', 'step', 'values'], {
    labels: strings,
    start: { ...ms, description: 'epoch milliseconds of values[0]' },
    step: { type: 'number', minimum: 1, description: 'milliseconds between two values' },
    values: {
      ...list({ type: ['number', 'null'] }),
      description: 'value i is at start + i × step; null is a gap',
    },
  }),
  Signal: obj(['id', 'title', 'unit', 'series'], {
    id: str,
    title: str,
    unit: str,
    series: list(ref('MetricSeries')),
  }),
  LogVolumeBucket: obj(['t', 'counts'], {
    t: ms,
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
  }),
  LogEntry: obj(['id', 'index', 'timestamp', 'level', 'message'], {
    id: str,
    index: str,
    timestamp: ms,
    level: str,
    message: str,
    ...Object.fromEntries(LOG_ENTRY_FIELDS.map((k) => [k, str])),
    exception: obj([], { class: str, msg: str, stacktrace: str }),
  }),
  LogPage: obj(['entries', 'total', 'totalIsExact', 'histogram'], {
    entries: list(ref('LogEntry')),
    total: { type: 'integer' },
    totalIsExact: { type: 'boolean' },
    histogram: list(ref('LogVolumeBucket')),
    nextCursor: { type: 'string', description: 'pass as `cursor` for the next (older) page' },
  }),
  LogContext: obj(['hit', 'before', 'after'], {
    hit: ref('LogEntry'),
    before: list(ref('LogEntry')),
    after: list(ref('LogEntry')),
  }),
  Span: obj(
    [
      'traceId',
      'spanId',
      'name',
      'service',
      'start',
      'durationMs',
      'attributes',
      'status',
      'spark',
    ],
    {
      traceId: str,
      spanId: str,
      parentSpanId: str,
      name: str,
      service: str,
      start: ms,
      durationMs: num,
      attributes: strings,
      status: { enum: ['ok', 'error', 'unset'] },
      statusMessage: str,
      spark: sparkIds,
    },
  ),
  Trace: obj(['traceId', 'spans', 'start', 'durationMs', 'rootName', 'service'], {
    traceId: str,
    spans: list(ref('Span')),
    start: ms,
    durationMs: num,
    rootName: str,
    service: str,
  }),
  TraceSummary: obj(
    ['traceId', 'rootName', 'service', 'start', 'durationMs', 'spanCount', 'errorCount', 'spark'],
    {
      traceId: str,
      rootName: str,
      service: str,
      start: ms,
      durationMs: num,
      spanCount: { type: 'integer' },
      errorCount: { type: 'integer' },
      spark: sparkIds,
    },
  ),
  TraceDetail: obj(['trace', 'logs', 'signals'], {
    trace: { oneOf: [ref('Trace'), { type: 'null' }] },
    logs: list(ref('LogEntry')),
    signals: list(ref('Signal')),
  }),
  Alert: obj(['fingerprint', 'name', 'state', 'startsAt', 'labels'], {
    fingerprint: str,
    name: str,
    state: { enum: ['active', 'suppressed', 'unprocessed', 'resolved'] },
    severity: str,
    appId: str,
    appName: str,
    query: str,
    startsAt: ms,
    endsAt: { ...ms, description: 'epoch milliseconds; resolved alerts only' },
    summary: str,
    description: str,
    labels: strings,
  }),
  Alerts: obj(['active', 'recent'], {
    active: list(ref('Alert')),
    recent: { ...list(ref('Alert')), description: 'resolved, received through the webhook' },
  }),
  Timeline: obj(['appId', 'window', 'alerts', 'signals', 'executors', 'batches', 'logVolume'], {
    appId: str,
    appName: str,
    window: ref('TimeWindow'),
    alerts: list(
      obj(['name', 'from', 'to', 'firing'], {
        name: str,
        severity: str,
        from: ms,
        to: ms,
        firing: { type: 'boolean' },
      }),
    ),
    signals: list(ref('Signal')),
    executors: obj(['count', 'events'], {
      count: list(ref('MetricSeries')),
      events: list(
        obj(['executorId', 'kind', 'at'], {
          executorId: str,
          kind: { enum: ['added', 'lost'] },
          at: ms,
          reason: str,
        }),
      ),
    }),
    batches: list(ref('TraceSummary')),
    logVolume: list(ref('LogVolumeBucket')),
  }),
  TimeWindow: obj(['from', 'to'], { from: ms, to: ms }),
  IncidentScope: obj(['alert', 'appId', 'window'], {
    alert: ref('Alert'),
    appId: str,
    appName: str,
    query: str,
    onset: { ...ms, description: "when the alert's condition began (Prometheus ALERTS series)" },
    window: ref('TimeWindow'),
  }),
};
