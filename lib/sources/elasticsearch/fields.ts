import type { CallOptions } from '../request-options';

/** Document field names of the log index (the shipper's and Fluent Bit's output); overridable. */
export const DEFAULT_LOG_FIELDS = {
  timestamp: '@timestamp',
  level: 'level',
  logger: 'logger',
  message: 'message',
  appId: 'appId',
  appName: 'appName',
  stageId: 'stageId',
  batchId: 'batchId',
  jobId: 'jobId',
  taskId: 'taskId',
  executorId: 'executorId',
  traceId: 'traceId',
  host: 'host',
} as const;

export type LogFields = Record<keyof typeof DEFAULT_LOG_FIELDS, string>;

export interface LogCallOptions extends CallOptions {
  /** Field names of the log documents (the mapping's); the preset's when left out. */
  fields?: LogFields;
}
