/**
 * The console's JSON API as an OpenAPI 3.1 document (served at /api/openapi.json). Answer schemas
 * are generated from the zod schemas the types are inferred from (lib/domain/schemas.ts), so the
 * document, the types and the tests holding real answers to it share one definition.
 */
import { z } from 'zod';
import { patterns } from '@/lib/domain/ids';
import * as domain from '@/lib/domain/schemas';

// Id patterns are the validators' own, so the document cannot drift from what routes accept.
const pattern = (name: keyof typeof patterns) => patterns[name].source;
const time = { type: 'string', description: 'epoch milliseconds or ISO-8601 date-time' };
const q = (name: string, schema: object, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  schema,
  description,
});
const path = (name: string, pattern: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern },
});
const window = [
  q('from', time, 'window start (default: a window ending at `to`)'),
  q('to', time, 'window end (default: now)'),
];

/** Each route's answer, named so the document can refer to it. */
export const answers = {
  HealthAnswer: domain.healthSchema,
  AppsAnswer: domain.correlated(z.array(domain.sparkAppSchema)),
  TimelineAnswer: domain.correlated(domain.timelineSchema.nullable()),
  LogsAnswer: domain.correlated(domain.logPageSchema.nullable()),
  LogContextAnswer: z.object({ data: domain.logContextSchema }),
  TracesAnswer: domain.correlated(z.array(domain.traceSummarySchema).nullable()),
  TraceAnswer: domain.correlated(domain.traceDetailSchema),
  AlertsAnswer: domain.correlated(domain.alertsSchema),
  WebhookAnswer: z.object({ received: z.number().int() }),
  IncidentScopeAnswer: domain.correlated(domain.incidentScopeSchema),
  CoverageAnswer: domain.correlated(domain.coverageSchema),
  ShippersAnswer: domain.correlated(z.array(domain.shipperStatusSchema).nullable()),
  StagesAnswer: domain.correlated(domain.appStagesSchema),
  RunsAnswer: domain.correlated(domain.appRunsSchema),
  BatchAnswer: domain.correlated(domain.batchSchema),
  ComparisonAnswer: domain.correlated(domain.appComparisonSchema),
};

/** The JSON Schemas of every named shape, referring to each other under #/components/schemas. */
function componentSchemas(): Record<string, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  const seen = new Set<z.ZodType>();
  const add = (schema: z.ZodType, id: string) => {
    if (!seen.has(schema)) registry.add(schema, { id });
    seen.add(schema);
  };
  for (const [id, schema] of Object.entries(answers)) add(schema, id);
  for (const schema of Object.values(domain)) {
    if (!(schema instanceof z.ZodType)) continue;
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id === 'string') add(schema, id);
  }
  const { schemas } = z.toJSONSchema(registry, {
    metadata: z.globalRegistry,
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Components are parts of this document, not standalone JSON Schema documents.
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas as Record<string, Record<string, unknown>>;
}

const answer = (name: keyof typeof answers) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, name: keyof typeof answers) => ({
  200: { description, content: { 'application/json': { schema: answer(name) } } },
  400: { $ref: '#/components/responses/BadRequest' },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Sparkwatch API',
    version: '0.1.0',
    description:
      'Spark metrics, logs, traces and alerts joined on appId / stageId / batchId / traceId. Times are epoch milliseconds.',
  },
  paths: {
    '/api/openapi.json': {
      get: {
        summary: 'This document',
        responses: { 200: { description: 'the OpenAPI 3.1 document of this API' } },
      },
    },
    '/api/health': {
      get: {
        summary: 'Reachability, version and latency of each backend',
        responses: ok('per-backend status', 'HealthAnswer'),
      },
    },
    '/api/apps': {
      get: {
        summary: 'Spark apps seen by any backend',
        parameters: window,
        responses: ok('apps', 'AppsAnswer'),
      },
    },
    '/api/apps/{appId}/timeline': {
      get: {
        summary: 'Timeline lanes of an app: alerts, signals, executors, batches, log volume',
        parameters: [
          path('appId', pattern('appId')),
          ...window,
          q('appName', { type: 'string', pattern: pattern('appId') }, 'Jaeger service hint'),
          q(
            'width',
            { type: 'integer', minimum: 10, maximum: 4000 },
            'chart width in pixels: at most one point per pixel',
          ),
        ],
        responses: ok('timeline', 'TimelineAnswer'),
      },
    },
    '/api/apps/{appId}/coverage': {
      get: {
        summary:
          'Which signals the console sees for an app (metrics, executor and streaming metrics, logs, ids on log lines, traces) and, for each missing one, the Spark configuration that supplies it',
        parameters: [
          path('appId', pattern('appId')),
          ...window,
          q('appName', { type: 'string', pattern: pattern('appId') }, 'Jaeger service hint'),
        ],
        responses: ok('coverage', 'CoverageAnswer'),
      },
    },
    '/api/apps/{appId}/stages': {
      get: {
        summary:
          "An app's jobs and stages from Spark's own record (its driver UI while it runs, the History Server afterwards), each stage with diagnosis flags and the numbers that raised them",
        parameters: [path('appId', pattern('appId'))],
        responses: ok('jobs and stages; Spark unreachable is sources.spark', 'StagesAnswer'),
      },
    },
    '/api/apps/{appId}/batches/{batchId}': {
      get: {
        summary:
          "One micro-batch: its progress (trigger phases, offsets and input rows per source, watermark, state operators) from the driver's 'Streaming query made progress' log line in Elasticsearch, and its SQL executions, jobs and diagnosed stages from Spark's own record (matched by the batch their descriptions name)",
        parameters: [
          path('appId', pattern('appId')),
          { name: 'batchId', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        ],
        responses: ok(
          'the batch; Elasticsearch and Spark failures are sources.elasticsearch / sources.spark',
          'BatchAnswer',
        ),
      },
    },
    '/api/apps/{appId}/runs': {
      get: {
        summary:
          "Other runs of the app's name that the History Server holds, newest first, and the previous one (the newest that started before this run)",
        parameters: [path('appId', pattern('appId'))],
        responses: ok('runs; the History Server unreachable is sources.spark', 'RunsAnswer'),
      },
    },
    '/api/apps/{appId}/compare/{otherAppId}': {
      get: {
        summary:
          'Two runs side by side, appId (current) against otherAppId (base): stages matched by job description or name, call site and rank, with duration, run time, GC, shuffle, spill and record deltas, biggest regression first (flagged ones with their slowest task); the Spark properties that differ (secrets redacted); log lines by logger and error counts of each run',
        parameters: [path('appId', pattern('appId')), path('otherAppId', pattern('appId'))],
        responses: ok(
          'the comparison; Spark and Elasticsearch failures are sources.spark / sources.elasticsearch',
          'ComparisonAnswer',
        ),
      },
    },
    '/api/logs': {
      get: {
        summary: 'Log lines (newest first) with a volume histogram by level',
        parameters: [
          q('appId', { type: 'string', pattern: pattern('appId') }, 'Spark application id'),
          q('stageId', { type: 'integer', minimum: 0 }, 'stage id'),
          q('batchId', { type: 'integer', minimum: 0 }, 'micro-batch id'),
          q('jobId', { type: 'integer', minimum: 0 }, 'job id'),
          q('traceId', { type: 'string', pattern: pattern('traceId') }, 'trace id'),
          q('executorId', { type: 'string', pattern: pattern('executorId') }, 'executor id'),
          q(
            'level',
            { type: 'string' },
            'comma-separated levels: TRACE, DEBUG, INFO, WARN, ERROR, FATAL',
          ),
          q('q', { type: 'string', maxLength: 500 }, 'free text (simple_query_string syntax)'),
          ...window,
          q('cursor', { type: 'string' }, 'nextCursor of the previous page'),
          q(
            'limit',
            { type: 'integer', minimum: 1, maximum: 1000 },
            'lines per page (default 200)',
          ),
          q(
            'buckets',
            { type: 'integer', minimum: 1, maximum: 200 },
            'histogram buckets (default 60)',
          ),
        ],
        responses: ok('a page of log lines', 'LogsAnswer'),
      },
    },
    '/api/logs/{id}/context': {
      get: {
        summary: 'Lines around one line from the same app and executor',
        parameters: [
          path('id', pattern('docId')),
          q('before', { type: 'integer', minimum: 1, maximum: 200 }, 'older lines'),
          q('after', { type: 'integer', minimum: 1, maximum: 200 }, 'newer lines'),
        ],
        responses: {
          ...ok('context lines', 'LogContextAnswer'),
          404: { $ref: '#/components/responses/BadRequest' },
        },
      },
    },
    '/api/traces': {
      get: {
        summary: 'Traces of an app, optionally of one stage, job or micro-batch',
        parameters: [
          q('appId', { type: 'string', pattern: pattern('appId') }, 'Spark application id', true),
          q('appName', { type: 'string', pattern: pattern('appId') }, 'Jaeger service hint'),
          q('stageId', { type: 'integer', minimum: 0 }, 'stage id'),
          q('batchId', { type: 'integer', minimum: 0 }, 'micro-batch id'),
          q('jobId', { type: 'integer', minimum: 0 }, 'job id'),
          ...window,
          q('limit', { type: 'integer', minimum: 1, maximum: 1500 }, 'traces'),
        ],
        responses: ok('trace summaries', 'TracesAnswer'),
      },
    },
    '/api/traces/{traceId}': {
      get: {
        summary: 'A trace with its logs and the metrics around it',
        parameters: [
          path('traceId', pattern('traceId')),
          q('width', { type: 'integer', minimum: 10, maximum: 4000 }, 'chart width in pixels'),
          q('appId', { type: 'string', pattern: pattern('appId') }, 'app, when the trace is gone'),
          q('at', time, 'time, when the trace is gone'),
        ],
        responses: ok('trace detail', 'TraceAnswer'),
      },
    },
    '/api/shippers': {
      get: {
        summary:
          'The log shippers Prometheus scrapes (job sparkwatch-shipper): lag in bytes per file, lines shipped / dead-lettered / cut / raw, failed passes, the last error',
        responses: ok('one status per shipper instance', 'ShippersAnswer'),
      },
    },
    '/api/alerts': {
      get: {
        summary: 'Active alerts and recently resolved ones',
        responses: ok('alerts', 'AlertsAnswer'),
      },
    },
    '/api/alerts/webhook': {
      post: {
        summary: "Alertmanager's webhook receiver",
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        responses: ok('count received', 'WebhookAnswer'),
      },
    },
    '/api/incidents/resolve': {
      get: {
        summary:
          "An alert resolved into its incident scope: app and query from its labels, onset from Prometheus's ALERTS series, window padded from the onset (30 min before) to endsAt or now (5 min after)",
        parameters: [
          q(
            'fingerprint',
            { type: 'string', pattern: pattern('fingerprint') },
            'alert fingerprint',
            true,
          ),
        ],
        responses: {
          ...ok('incident scope (sources: prometheus, for the onset)', 'IncidentScopeAnswer'),
          404: { $ref: '#/components/responses/BadRequest' },
          422: { $ref: '#/components/responses/BadRequest' },
        },
      },
    },
  },
  components: {
    schemas: componentSchemas(),
    responses: {
      BadRequest: {
        description: 'invalid input, naming the parameter',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  },
} as const;
