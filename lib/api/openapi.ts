/**
 * The console's JSON API as an OpenAPI 3.1 document (served at /api/openapi.json). Answer schemas
 * are generated from the zod schemas the types are inferred from (lib/domain/schemas.ts), so the
 * document, the types and the tests holding real answers to it share one definition.
 */
import { z } from 'zod';
import { patterns } from '@/lib/domain/ids';
import * as domain from '@/lib/domain/schemas';
import { INCIDENT_STATUSES } from '@/lib/domain/types';

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
  TraceAnswer: domain.correlated(domain.traceViewSchema),
  SpanAnswer: domain.correlated(domain.spanAnswerSchema),
  SignalsAnswer: domain.correlated(z.array(domain.signalSchema)),
  AlertsAnswer: domain.correlated(domain.alertsSchema),
  WebhookAnswer: z.object({ received: z.number().int() }),
  IncidentScopeAnswer: domain.correlated(domain.incidentScopeSchema),
  CoverageAnswer: domain.correlated(domain.coverageSchema),
  ShippersAnswer: domain.correlated(z.array(domain.shipperStatusSchema).nullable()),
  StagesAnswer: domain.correlated(domain.appStagesSchema),
  StageSummariesAnswer: domain.correlated(domain.stageSummariesSchema),
  IncidentAnswer: z.object({ data: domain.incidentSchema }),
  IncidentsAnswer: z.object({ data: z.array(domain.incidentSummarySchema) }),
  IncidentLiveAnswer: z.object({
    data: domain.incidentLivenessSchema,
    unknown: z.array(z.string()).meta({ description: 'backends that did not answer, and why' }),
  }),
  IncidentBundle: domain.incidentBundleSchema,
  MeAnswer: z.object({
    user: z.string(),
    groups: z.array(z.string()),
    role: z.enum(['viewer', 'operator', 'admin']).nullable(),
    apps: z.array(z.string()),
    mode: z.enum(['local', 'oidc', 'header', 'none']),
  }),
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
/** A route that reaches the backends may be refused under load (lib/api/limits.ts). */
const busy = { 429: { $ref: '#/components/responses/TooManyRequests' } } as const;
const busyOk = (description: string, name: keyof typeof answers) => ({
  ...ok(description, name),
  ...busy,
});

const jsonBody = (id: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${id}` } } },
});
const refused = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { $ref: '#/components/responses/BadRequest' }]));
const created = (description: string, name: keyof typeof answers) => ({
  201: { description, content: { 'application/json': { schema: answer(name) } } },
  400: { $ref: '#/components/responses/BadRequest' },
});
const incidentId = path('id', pattern('incidentId'));

/** Saved incidents (lib/correlate/incidents.ts): stored in Elasticsearch, evidence copied in. */
function incidentPaths() {
  return {
    '/api/incidents': {
      get: {
        summary: 'Saved incidents, most recently changed first (without their evidence)',
        parameters: [
          q('appId', { type: 'string', pattern: pattern('appId') }, 'incidents of one app'),
          q('q', { type: 'string', maxLength: 500 }, 'free text over titles and notes'),
          q('status', { type: 'string', enum: INCIDENT_STATUSES }, 'status'),
          q(
            'alert',
            { type: 'string', pattern: pattern('fingerprint') },
            'incidents saved from this alert (fingerprint)',
          ),
          q('limit', { type: 'integer', minimum: 1, maximum: 200 }, 'incidents (default 50)'),
        ],
        responses: busyOk('incident summaries', 'IncidentsAnswer'),
      },
      post: {
        summary:
          'Save an incident: the alert, scope and queries, the chosen log lines and traces copied in whole, snapshots of the timeline and the stage table',
        requestBody: jsonBody('CreateIncident'),
        responses: {
          ...created('the incident', 'IncidentAnswer'),
          ...busy,
          ...refused(413, 415, 422),
        },
      },
    },
    '/api/incidents/import': {
      post: {
        summary: 'Import an exported bundle under a new id (strict: unknown fields are refused)',
        requestBody: jsonBody('IncidentBundle'),
        responses: {
          ...created('the imported incident', 'IncidentAnswer'),
          ...busy,
          ...refused(413, 415),
        },
      },
    },
    '/api/incidents/{id}': {
      get: {
        summary: 'One incident with its frozen evidence, notes and history',
        parameters: [incidentId],
        responses: { ...busyOk('the incident', 'IncidentAnswer'), ...refused(404) },
      },
      patch: {
        summary: 'Change the status or the title',
        parameters: [incidentId],
        requestBody: jsonBody('PatchIncident'),
        responses: { ...busyOk('the incident', 'IncidentAnswer'), ...refused(404, 409, 413, 415) },
      },
    },
    '/api/incidents/{id}/notes': {
      post: {
        summary: 'Add a note (at most 10 KiB)',
        parameters: [incidentId],
        requestBody: jsonBody('NoteInput'),
        responses: {
          ...created('the incident', 'IncidentAnswer'),
          ...busy,
          ...refused(404, 409, 413, 415),
        },
      },
    },
    '/api/incidents/{id}/evidence': {
      post: {
        summary: 'Pin one more log line or trace, copied in whole from its backend now',
        parameters: [incidentId],
        requestBody: jsonBody('PinInput'),
        responses: {
          ...busyOk('the incident', 'IncidentAnswer'),
          ...refused(404, 409, 413, 415, 422),
        },
      },
      delete: {
        summary: 'Unpin a piece',
        parameters: [
          incidentId,
          q('key', { type: 'string' }, 'the piece: log:<index>/<id> or trace:<traceId>', true),
        ],
        responses: { ...busyOk('the incident', 'IncidentAnswer'), ...refused(404, 409) },
      },
    },
    '/api/incidents/{id}/live': {
      get: {
        summary: 'Which pinned pieces the backends still hold (live) and which are only frozen',
        parameters: [incidentId],
        responses: {
          ...busyOk('per pinned piece, still in its backend', 'IncidentLiveAnswer'),
          ...refused(404),
        },
      },
    },
    '/api/incidents/{id}/export': {
      get: {
        summary:
          'Download the incident: the JSON bundle (importable), or a static HTML page that opens offline (no script)',
        parameters: [
          incidentId,
          q('format', { type: 'string', enum: ['json', 'html'] }, 'json (default) or html'),
        ],
        responses: {
          ...busyOk('the bundle (format=json); text/html for format=html', 'IncidentBundle'),
          ...refused(404),
        },
      },
    },
  };
}

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
        security: [],
        responses: { 200: { description: 'the OpenAPI 3.1 document of this API' } },
      },
    },
    '/api/health': {
      get: {
        summary: 'Reachability, version and latency of each backend',
        security: [],
        responses: ok('per-backend status', 'HealthAnswer'),
      },
    },
    '/api/apps': {
      get: {
        summary: 'Spark apps seen by any backend',
        parameters: window,
        responses: busyOk('apps', 'AppsAnswer'),
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
        responses: busyOk('timeline', 'TimelineAnswer'),
      },
    },
    '/api/apps/{appId}/signals': {
      get: {
        summary: "An app's metrics (every configured signal) over a window",
        parameters: [
          path('appId', pattern('appId')),
          ...window,
          q(
            'width',
            { type: 'integer', minimum: 10, maximum: 4000 },
            'chart width in pixels: at most one point per pixel',
          ),
        ],
        responses: busyOk('signals', 'SignalsAnswer'),
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
        responses: busyOk('coverage', 'CoverageAnswer'),
      },
    },
    '/api/apps/{appId}/stages': {
      get: {
        summary:
          "An app's jobs and stages from Spark's own record (its driver UI while it runs, the History Server afterwards), each stage with diagnosis flags and the numbers that raised them",
        parameters: [path('appId', pattern('appId'))],
        responses: busyOk('jobs and stages; Spark unreachable is sources.spark', 'StagesAnswer'),
      },
    },
    '/api/apps/{appId}/stages/summaries': {
      get: {
        summary:
          "Task-duration quantiles of some stage attempts (Spark's taskSummary of each): the stage table asks for the rows in view whose quantiles the stage list did not carry; a stage with no task metrics yet is left out",
        parameters: [
          path('appId', pattern('appId')),
          q(
            'stages',
            { type: 'string', pattern: pattern('stageAttempts') },
            'stage attempts as stageId.attemptId, comma-separated, at most 100',
            true,
          ),
        ],
        responses: busyOk(
          'the quantiles found; Spark unreachable is sources.spark',
          'StageSummariesAnswer',
        ),
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
        responses: busyOk(
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
        responses: busyOk('runs; the History Server unreachable is sources.spark', 'RunsAnswer'),
      },
    },
    '/api/apps/{appId}/compare/{otherAppId}': {
      get: {
        summary:
          'Two runs side by side, appId (current) against otherAppId (base): stages matched by job description or name, call site and rank, with duration, run time, GC, shuffle, spill and record deltas, biggest regression first (flagged ones with their slowest task); the Spark properties that differ (secrets redacted); log lines by logger and error counts of each run',
        parameters: [path('appId', pattern('appId')), path('otherAppId', pattern('appId'))],
        responses: busyOk(
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
        responses: busyOk('a page of log lines', 'LogsAnswer'),
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
          ...busyOk('context lines', 'LogContextAnswer'),
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
        responses: busyOk('trace summaries', 'TracesAnswer'),
      },
    },
    '/api/traces/{traceId}': {
      get: {
        summary:
          "A trace's outline (every span without its attributes, column by column) and, for operators, the log lines that carry its id",
        parameters: [path('traceId', pattern('traceId'))],
        responses: busyOk('trace outline and logs', 'TraceAnswer'),
      },
    },
    '/api/traces/{traceId}/spans/{spanId}': {
      get: {
        summary: 'One span of a trace with every attribute',
        parameters: [path('traceId', pattern('traceId')), path('spanId', pattern('spanId'))],
        responses: busyOk('the span, or null when Jaeger has no such span', 'SpanAnswer'),
      },
    },
    '/api/shippers': {
      get: {
        summary:
          'The log shippers Prometheus scrapes (job sparkwatch-shipper): lag in bytes per file, lines shipped / dead-lettered / cut / raw, failed passes, the last error',
        responses: busyOk('one status per shipper instance', 'ShippersAnswer'),
      },
    },
    '/api/alerts': {
      get: {
        summary: 'Active alerts and recently resolved ones',
        responses: busyOk('alerts', 'AlertsAnswer'),
      },
    },
    '/api/alerts/webhook': {
      post: {
        summary: "Alertmanager's webhook receiver",
        security: [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        responses: {
          ...ok('count received', 'WebhookAnswer'),
          401: {
            description: 'no or a wrong `Authorization: Bearer <ALERTS_WEBHOOK_TOKEN>`',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          413: { $ref: '#/components/responses/BadRequest' },
          415: { $ref: '#/components/responses/BadRequest' },
        },
      },
    },
    '/api/auth/login': {
      get: {
        summary: 'OIDC sign-in: redirects to the provider (authorization code + PKCE)',
        security: [],
        parameters: [q('next', { type: 'string' }, 'path of this console to return to')],
        responses: { 303: { description: "to the provider's login page" } },
      },
      post: {
        summary: 'Local sign-in (form fields username, password, next): a session cookie',
        security: [],
        responses: { 303: { description: 'to `next`, or back to /login with an error' } },
      },
    },
    '/api/auth/callback': {
      get: {
        summary: "The OIDC provider's redirect back: exchanges the code, sets the session cookie",
        security: [],
        parameters: [
          q('code', { type: 'string' }, 'authorization code'),
          q('state', { type: 'string' }, 'the state sent to the provider'),
        ],
        responses: { 303: { description: 'to the page the user came from, or /login' } },
      },
    },
    '/api/auth/logout': {
      post: {
        summary: 'Signs out (clears the session cookie)',
        security: [],
        responses: { 303: { description: 'to /login' } },
      },
    },
    '/api/auth/me': {
      get: {
        summary: 'The signed-in caller: user, groups, strongest role, the apps it covers',
        responses: ok('the caller', 'MeAnswer'),
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
          ...busyOk('incident scope (sources: prometheus, for the onset)', 'IncidentScopeAnswer'),
          404: { $ref: '#/components/responses/BadRequest' },
          422: { $ref: '#/components/responses/BadRequest' },
        },
      },
    },
    ...incidentPaths(),
  },
  // Every route but health, this document, the webhook and signing in needs a session (cookie) or
  // a trusted proxy's headers: 401 without one, 403 when the caller's role is too weak.
  security: [{ session: [] }],
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'sparkwatch_session' },
    },
    schemas: componentSchemas(),
    responses: {
      BadRequest: {
        description: 'invalid input, naming the parameter',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
      TooManyRequests: {
        description:
          'too many requests in flight, for this caller or for the console; retry after `Retry-After` seconds',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  },
} as const;
