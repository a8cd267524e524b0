/**
 * Time units of each backend, converted here and nowhere else. The console speaks epoch
 * milliseconds; Prometheus speaks seconds, Jaeger's `/api` microseconds, OTLP nanoseconds (as a
 * decimal string), Jaeger API v3 RFC 3339, Elasticsearch epoch milliseconds.
 */

/** Prometheus `start`/`end`/`time` parameters: seconds with millisecond precision. */
export const msToPromSeconds = (ms: number): string => (ms / 1000).toFixed(3);

/** Prometheus sample timestamps (float seconds) → epoch ms. */
export const promSecondsToMs = (seconds: number): number => Math.round(seconds * 1000);

/** Jaeger `/api/traces` `start`/`end` parameters: microseconds, widened to whole µs. */
export const msToMicros = (ms: number, round: 'floor' | 'ceil'): string =>
  String(Math[round](ms * 1000));

/** Jaeger `/api` span startTime/duration (µs) → ms. */
export const microsToMs = (micros: number): number => micros / 1000;

/** OTLP nanoseconds → epoch ms, through BigInt so microseconds survive. */
export function nanosToMs(nanos: string | number): number {
  const n = BigInt(nanos);
  return Number(n / 1000n) / 1000;
}

/** Jaeger API v3 query times: RFC 3339 (ms precision is what the console has). */
export const msToRfc3339 = (ms: number): string => new Date(ms).toISOString();

/**
 * Spark REST API dates (`2026-12-01T03:33:43.966GMT`) → epoch ms; Spark writes the epoch's eve
 * (`1969-12-31T23:59:59.999GMT`, i.e. -1) for "not yet", which is undefined here.
 */
export function sparkDateToMs(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const ms = Date.parse(date.endsWith('GMT') ? `${date.slice(0, -3)}Z` : date);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Spark task metrics in nanoseconds (executorCpuTime, shuffleWriteTime) → ms. */
export const sparkNanosToMs = (nanos: number): number => nanos / 1e6;
