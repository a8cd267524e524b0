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
  const ms =
    sparkDateFast(date) ?? Date.parse(date.endsWith('GMT') ? `${date.slice(0, -3)}Z` : date);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** `n` decimal digits of `s` from `at`, or -1. */
function digits(s: string, at: number, n: number): number {
  let value = 0;
  for (let i = at; i < at + n; i += 1) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The exact layout Spark writes (`yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'`), read by hand: a list of
 * thousands of stages and jobs carries three dates each, and Date.parse is three times slower.
 * Only a fully valid date is read here (the same number Date.parse gives); anything else,
 * undefined, goes to Date.parse.
 */
function sparkDateFast(s: string): number | undefined {
  if (s.length !== 26 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':') return;
  if (s[16] !== ':' || s[19] !== '.' || !s.endsWith('GMT')) return;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  const ms = digits(s, 20, 3);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return;
  if (se < 0 || se > 59 || ms < 0) return;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (DAYS[mo - 1] ?? 0) + (leap ? 1 : 0)) return;
  return Date.UTC(y, mo - 1, d, h, mi, se, ms);
}

/** Spark task metrics in nanoseconds (executorCpuTime, shuffleWriteTime) → ms. */
export const sparkNanosToMs = (nanos: number): number => nanos / 1e6;
