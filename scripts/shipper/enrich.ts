/**
 * Turns one log line into the Elasticsearch document the console reads
 * (deploy/elasticsearch/index-template.json): a line of Spark 4's JSON layout enriched, any other
 * line (stderr, JVM output, plain layout) kept raw. Spark adds no global app / stage / executor id,
 * and this Elasticsearch build has no ingest processors, so every id the console filters on is
 * derived here, before indexing (the rules: rules.ts). Pure: the shipper, the seed and the Fluent
 * Bit filter's test vectors share it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CONTEXT_KEYS, ID_ORDER, type MessageField, RULE_GROUPS, compileGroup } from './rules';

const sparkLine = z.object({
  ts: z.string(),
  level: z.string(),
  msg: z.string(),
  logger: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  exception: z
    .union([
      z.string(),
      z.object({
        class: z.string().optional(),
        msg: z.string().nullish(),
        stacktrace: z.array(z.unknown()).optional(),
      }),
    ])
    .optional(),
});

export type SparkLogLine = z.infer<typeof sparkLine>;

/** What the shipper knows about the file a line came from. */
export interface LineSource {
  appId?: string;
  appName?: string;
  /** "driver" or the executor id, from the file the line was read from. */
  executorId?: string;
  host?: string;
  file: string;
  offset: number;
  /** An app id another line of the same file named (the local shipper learns it): the last resort. */
  fileAppId?: string;
  /** The time a raw (non-JSON) line is filed under: the shipper's best guess, Fluent Bit's read time. */
  time?: string;
  /** The line was longer than the shipper's cap and was cut: its full length in bytes. */
  cutBytes?: number;
}

export interface SparkLogDocument {
  '@timestamp': string;
  level: string;
  logger?: string;
  message: string;
  appId?: string;
  appName?: string;
  stageId?: string;
  stageAttempt?: string;
  batchId?: string;
  jobId?: string;
  taskId?: string;
  taskAttempt?: string;
  partition?: string;
  executorId?: string;
  traceId?: string;
  spanId?: string;
  queryId?: string;
  host?: string;
  source: { file: string; offset: number };
  /** Not a Spark JSON line (JVM crash output, stderr, plain layout): kept as it was read. */
  raw?: true;
  cutBytes?: number;
  context?: Record<string, unknown>;
  exception?: { class?: string; msg?: string; stacktrace?: string };
}

// "task 7.0 in stage 12.0 (TID 845)", the task_name Spark puts in the MDC of task threads.
const TASK_NAME = /^task \d+\.(\d+) in stage (\d+)\.(\d+) \(TID (\d+)\)$/;
const MESSAGE_GROUPS = RULE_GROUPS.map(compileGroup);
// Spark's plain-text layout ("25/06/01 10:21:07 ERROR TaskSchedulerImpl: Lost executor 3 on …"),
// which a raw line may still be in: its level, logger and message.
const PLAIN =
  /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) ([^\s:]+): ([^]*)$/;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;

/** The ids a message names (rules.ts): the first group that captures a field gives it. */
export function fromMessage(msg: string): Partial<Record<MessageField, string>> {
  const out: Partial<Record<MessageField, string>> = {};
  for (const group of MESSAGE_GROUPS) {
    for (const { regex, fields } of group) {
      const m = regex.exec(msg);
      if (!m) continue;
      fields.forEach((field, i) => {
        const value = m[i + 1];
        if (value !== undefined && out[field] === undefined) out[field] = value;
      });
      break;
    }
  }
  return out;
}

function stacktraceText(trace: unknown[] | undefined): string | undefined {
  if (!trace?.length) return undefined;
  return trace
    .map((frame) => {
      if (typeof frame !== 'object' || frame === null) return String(frame);
      const f = frame as Record<string, unknown>;
      return `at ${str(f.class) ?? '?'}.${str(f.method) ?? '?'}(${str(f.file) ?? 'Unknown Source'}:${str(f.line) ?? '?'})`;
    })
    .join('\n');
}

/** Stable document id: the same line from the same place is the same document. */
export function documentId(source: Pick<LineSource, 'file' | 'offset'>, line: string): string {
  return createHash('sha1')
    .update(`${source.file}\0${source.offset}\0${line}`)
    .digest('hex')
    .slice(0, 24);
}

/** Daily index for a document's timestamp, e.g. spark-logs-2026.11.25. */
export function indexFor(timestamp: string, prefix = 'spark-logs-'): string {
  return `${prefix}${timestamp.slice(0, 10).replaceAll('-', '.')}`;
}

type Ids = Partial<Record<keyof typeof CONTEXT_KEYS | MessageField, string>>;

/**
 * The ids of one line, each from the first place that has it: the MDC context (rules.ts's keys),
 * the task name, the file, the message, then what the file said elsewhere.
 */
function ids(ctx: Record<string, unknown>, msg: string, source: LineSource): Ids {
  const fromCtx = (field: keyof typeof CONTEXT_KEYS) =>
    CONTEXT_KEYS[field].map((key) => str(ctx[key])).find((v) => v !== undefined);
  const task = TASK_NAME.exec(str(ctx.task_name) ?? '');
  const m = fromMessage(msg);
  const first = (...candidates: (string | undefined)[]) => candidates.find((c) => c !== undefined);
  return {
    appId: first(fromCtx('appId'), source.appId, m.appId, source.fileAppId),
    stageId: first(fromCtx('stageId'), task?.[2], m.stageId),
    stageAttempt: first(fromCtx('stageAttempt'), task?.[3], m.stageAttempt),
    taskId: first(fromCtx('taskId'), task?.[4], m.taskId),
    taskAttempt: first(task?.[1], m.taskAttempt),
    partition: first(fromCtx('partition'), m.partition),
    jobId: first(fromCtx('jobId'), m.jobId),
    batchId: fromCtx('batchId'),
    queryId: fromCtx('queryId'),
    // An executor-lost line is written by the driver but is about the lost executor.
    executorId: first(m.executorId, fromCtx('executorId'), source.executorId),
    traceId: fromCtx('traceId'),
    spanId: fromCtx('spanId'),
    host: first(m.host, fromCtx('host'), source.host),
  };
}

function withIds(doc: SparkLogDocument, found: Ids, source: LineSource): SparkLogDocument {
  const all: Record<string, string | undefined> = { ...found, appName: source.appName };
  for (const key of ID_ORDER) {
    const value = all[key];
    if (value !== undefined) doc[key] = value;
  }
  return doc;
}

/** A line that is not Spark JSON, kept whole: message = the line, with its file and offset. */
export function enrichRaw(raw: string, source: LineSource): SparkLogDocument {
  const plain = PLAIN.exec(raw);
  const doc: SparkLogDocument = {
    '@timestamp': source.time ?? new Date().toISOString(),
    level: plain?.[1] ?? 'UNKNOWN',
    message: raw,
    source: { file: source.file, offset: source.offset },
    raw: true,
  };
  if (source.cutBytes !== undefined) doc.cutBytes = source.cutBytes;
  if (plain?.[2]) doc.logger = plain[2];
  return withIds(doc, ids({}, plain?.[3] ?? raw, source), source);
}

/** Parses and enriches one Spark JSON line; undefined for lines that are not Spark JSON. */
export function enrichJson(raw: string, source: LineSource): SparkLogDocument | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = sparkLine.safeParse(json);
  if (!parsed.success) return undefined;
  const line = parsed.data;
  const doc: SparkLogDocument = {
    '@timestamp': line.ts,
    level: line.level.toUpperCase(),
    message: line.msg,
    source: { file: source.file, offset: source.offset },
  };
  if (line.logger !== undefined) doc.logger = line.logger;
  withIds(doc, ids(line.context ?? {}, line.msg, source), source);
  if (line.context && Object.keys(line.context).length) doc.context = line.context;
  if (line.exception !== undefined) {
    doc.exception =
      typeof line.exception === 'string'
        ? { msg: line.exception }
        : Object.fromEntries(
            Object.entries({
              class: line.exception.class,
              msg: line.exception.msg ?? undefined,
              stacktrace: stacktraceText(line.exception.stacktrace),
            }).filter(([, v]) => v !== undefined),
          );
  }
  return doc;
}

/** Every line becomes a document: a Spark JSON line enriched, anything else kept raw. */
export function enrich(raw: string, source: LineSource): SparkLogDocument {
  return (source.cutBytes === undefined && enrichJson(raw, source)) || enrichRaw(raw, source);
}
