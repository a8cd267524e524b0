/**
 * Validation of every id, time and filter the console accepts. Ids are matched against strict
 * patterns so they can only ever be literals in a backend query (and are still escaped there).
 */
export const patterns = {
  // app-20261125021704-0000, local-1795572942571, spark-0a1b…, application_1700000000000_0001
  appId: /^[A-Za-z][A-Za-z0-9_-]{2,127}$/,
  traceId: /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/,
  spanId: /^[0-9a-f]{16}$/,
  executorId: /^(?:driver|\d{1,6})$/,
  /** Stage attempts as `stageId.attemptId`, comma-separated. */
  stageAttempts: /^\d{1,10}\.\d{1,5}(?:,\d{1,10}\.\d{1,5})*$/,
  fingerprint: /^[0-9a-f]{16}$/,
  docId: /^[A-Za-z0-9_-]{1,64}$/,
  index: /^[a-z0-9][a-z0-9._-]{0,254}$/,
  // 16 random bytes, base64url: 22 characters, never guessable from another incident's.
  incidentId: /^[A-Za-z0-9_-]{22}$/,
};

/** Prometheus metric and label names, as its data model defines them. */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
