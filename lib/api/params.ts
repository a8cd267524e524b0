import { z } from 'zod';
import { BadRequestError } from '@/lib/domain/errors';
import { patterns } from '@/lib/domain/ids';
import { INCIDENT_STATUSES } from '@/lib/domain/types';
import { LEVELS, type TimeWindow } from '@/lib/domain/types';

const MAX_INT = 2 ** 31 - 1;
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_WINDOW_MS = 31 * 24 * 3600 * 1000;

const id = (pattern: RegExp, what: string) =>
  z.string().max(128, `${what} is too long`).regex(pattern, `not a valid ${what}`);

const nonNegativeInt = (what: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${what} must be a non-negative integer`)
    .transform(Number)
    .refine((n) => n <= MAX_INT, `${what} is too large`);

/** Epoch milliseconds or an ISO-8601 date-time. */
export const time = z
  .string()
  .max(40, 'time is too long')
  .transform((raw, ctx) => {
    const value = /^\d{1,15}$/.test(raw)
      ? Number(raw)
      : /^\d{4}-\d{2}-\d{2}T/.test(raw)
        ? Date.parse(raw)
        : Number.NaN;
    if (!Number.isFinite(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be epoch milliseconds or an ISO-8601 date-time',
      });
      return z.NEVER;
    }
    if (value < MIN_TIME || value > Date.now() + 24 * 3600 * 1000) {
      ctx.addIssue({
        code: 'custom',
        message: 'is outside the supported range (2000 to tomorrow)',
      });
      return z.NEVER;
    }
    return value;
  });

export const params = {
  appId: id(patterns.appId, 'Spark application id'),
  traceId: z
    .string()
    .max(32, 'trace id is too long')
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(patterns.traceId, 'not a valid trace id (16 or 32 hex digits)')),
  spanId: id(patterns.spanId, 'span id'),
  executorId: id(patterns.executorId, 'executor id ("driver" or a number)'),
  fingerprint: id(patterns.fingerprint, 'alert fingerprint (16 hex digits)'),
  docId: id(patterns.docId, 'log document id'),
  index: id(patterns.index, 'index name'),
  incidentId: id(patterns.incidentId, 'incident id'),
  incidentStatus: z.enum(INCIDENT_STATUSES, {
    error: `status must be one of ${INCIDENT_STATUSES.join(', ')}`,
  }),
  stageId: nonNegativeInt('stageId'),
  /** Stage attempts as `stageId.attemptId`, comma-separated, at most 100. */
  stageAttempts: z
    .string()
    .max(1700, 'stages lists more than 100 stage attempts')
    .regex(
      patterns.stageAttempts,
      'stages must be stageId.attemptId pairs separated by commas (e.g. 3.0,4.1)',
    )
    .transform((raw) =>
      raw.split(',').map((pair) => {
        const [stageId, attemptId] = pair.split('.').map(Number) as [number, number];
        return { stageId, attemptId };
      }),
    )
    .refine((list) => list.length <= 100, 'stages lists more than 100 stage attempts')
    .refine((list) => list.every((s) => s.stageId <= MAX_INT), 'a stageId of stages is too large'),
  batchId: nonNegativeInt('batchId'),
  jobId: nonNegativeInt('jobId'),
  levels: z
    .string()
    .max(64)
    .transform((s) => s.split(',').map((l) => l.trim().toUpperCase()))
    .pipe(
      z
        .array(z.enum(LEVELS, { error: `level must be one of ${LEVELS.join(', ')}` }))
        .min(1)
        .max(LEVELS.length),
    ),
  q: z.string().max(500, 'q is longer than 500 characters'),
  limit: (max: number) =>
    z
      .string()
      .regex(/^\d{1,5}$/, 'limit must be a positive integer')
      .transform(Number)
      .refine((n) => n >= 1 && n <= max, `limit must be between 1 and ${max}`),
  width: z
    .string()
    .regex(/^\d{1,5}$/, 'width must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 10 && n <= 4000, 'width must be between 10 and 4000 pixels'),
  cursor: z
    .string()
    .max(4096, 'cursor is too long')
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a cursor of this API'),
  time,
};

type Shape = Record<string, z.ZodType<unknown, string>>;
type Parsed<S extends Shape> = { [K in keyof S]?: z.output<S[K]> };

/**
 * Parses URL search params against a shape: unknown or repeated parameters are refused, each
 * failure names its parameter. `required` lists parameters that must be present.
 */
export function parseQuery<S extends Shape, R extends keyof S = never>(
  search: URLSearchParams,
  shape: S,
  required: R[] = [],
): Parsed<S> & { [K in R]: z.output<S[K]> } {
  const out: Record<string, unknown> = Object.create(null);
  const seen = new Set<string>();
  for (const [key, value] of search) {
    if (!Object.hasOwn(shape, key))
      throw new BadRequestError(key.slice(0, 64), 'unknown parameter');
    if (seen.has(key)) throw new BadRequestError(key, 'given more than once');
    seen.add(key);
    if (value === '') continue;
    const result = (shape[key] as z.ZodType).safeParse(value);
    if (!result.success)
      throw new BadRequestError(key, result.error.issues[0]?.message ?? 'invalid');
    out[key] = result.data;
  }
  for (const key of required) {
    if (out[key as string] === undefined) throw new BadRequestError(String(key), 'is required');
  }
  return out as Parsed<S> & { [K in R]: z.output<S[K]> };
}

/** Validates one path segment (an id from the URL path). */
export function parsePath<T>(
  name: string,
  raw: string | undefined,
  schema: z.ZodType<T, string>,
): T {
  const result = schema.safeParse(raw ?? '');
  if (!result.success)
    throw new BadRequestError(name, result.error.issues[0]?.message ?? 'invalid');
  return result.data;
}

/** A time window from optional from/to, defaulting to the last `defaultMs`, at most 31 days. */
export function windowOf(
  q: { from?: number; to?: number },
  defaultMs = 3600_000,
  now = Date.now(),
): TimeWindow {
  const to = q.to ?? now;
  const from = q.from ?? to - defaultMs;
  if (from >= to) throw new BadRequestError('from', 'must be before to');
  if (to - from > MAX_WINDOW_MS)
    throw new BadRequestError('from', 'the window must be at most 31 days');
  return { from, to };
}
