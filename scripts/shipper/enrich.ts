/**
 * Turns one line of Spark 4's JSON log layout into the Elasticsearch document the console reads
 * (deploy/elasticsearch/index-template.json). Spark adds no global app / stage / executor id, and
 * this Elasticsearch build has no ingest processors, so every id the console filters on is derived
 * here, before indexing. Pure: the shipper, the seed and the Fluent Bit filter's test vectors share it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

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
}

export interface SparkLogDocument {
  '@timestamp': string;
  level: string;
  logger?: string;
  message: string;
  appId?: string;
  appName?: string;
  stageId?: string;
  batchId?: string;
  jobId?: string;
  taskId?: string;
  executorId?: string;
  traceId?: string;
  spanId?: string;
  queryId?: string;
  host?: string;
  source: { file: string; offset: number };
  context?: Record<string, unknown>;
  exception?: { class?: string; msg?: string; stacktrace?: string };
}

// "task 7.0 in stage 12.0 (TID 845)"
const TASK_NAME = /^task (\d+)\.\d+ in stage (\d+)\.\d+ \(TID (\d+)\)$/;
// "Lost executor 0 on 192.0.2.2: Command exited with code 137"
const LOST_EXECUTOR = /^Lost executor (\d+|driver) on ([^:\s]+):/;
// "Lost task 89.0 in stage 3.0 (TID 294) (192.0.2.2 executor 0): ExecutorLostFailure ..."
const LOST_TASK =
  /^Lost task \d+\.\d+ in stage (\d+)\.\d+ \(TID (\d+)\) \(([^\s)]+) executor (\d+)\)/;
// "Executor app-20261125021704-0000/0 removed: Command exited with code 137"
const EXECUTOR_REMOVED = /^Executor ([A-Za-z0-9-]+)\/(\d+) removed:/;
// "Job 12 finished: ..." / "Stage 3 (...) finished in" / "ResultStage 3 (...) finished"
const JOB = /\bJob (\d+) finished\b|\bGot job (\d+)\b/;
const STAGE = /\b(?:ShuffleMapStage|ResultStage|Stage) (\d+) \(/;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;

function fromMessage(msg: string) {
  const out: Partial<
    Record<'executorId' | 'host' | 'stageId' | 'taskId' | 'jobId' | 'appId', string>
  > = {};
  let m = LOST_EXECUTOR.exec(msg);
  if (m) Object.assign(out, { executorId: m[1], host: m[2] });
  m = LOST_TASK.exec(msg);
  if (m) Object.assign(out, { stageId: m[1], taskId: m[2], host: m[3], executorId: m[4] });
  m = EXECUTOR_REMOVED.exec(msg);
  if (m) Object.assign(out, { appId: m[1], executorId: m[2] });
  m = JOB.exec(msg);
  if (m) out.jobId = m[1] ?? m[2];
  m = STAGE.exec(msg);
  if (m && !out.stageId) out.stageId = m[1];
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

/** Parses and enriches one raw line; returns undefined for lines that are not Spark JSON. */
export function enrich(raw: string, source: LineSource): SparkLogDocument | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = sparkLine.safeParse(json);
  if (!parsed.success) return undefined;
  const line = parsed.data;
  const ctx = line.context ?? {};
  const task = TASK_NAME.exec(str(ctx.task_name) ?? '');
  const parsedMsg = fromMessage(line.msg);

  const doc: SparkLogDocument = {
    '@timestamp': line.ts,
    level: line.level.toUpperCase(),
    message: line.msg,
    source: { file: source.file, offset: source.offset },
  };
  const set = <K extends keyof SparkLogDocument>(
    key: K,
    ...candidates: (SparkLogDocument[K] | undefined)[]
  ) => {
    const value = candidates.find((c) => c !== undefined);
    if (value !== undefined) doc[key] = value;
  };
  set('logger', line.logger);
  set('appId', str(ctx['mdc.appId']), str(ctx.app_id), source.appId, parsedMsg.appId);
  set('appName', source.appName);
  set('stageId', str(ctx.stage_id), task?.[2], parsedMsg.stageId);
  set('taskId', str(ctx.task_id), task?.[3], parsedMsg.taskId);
  set('jobId', str(ctx.job_id), parsedMsg.jobId);
  set('batchId', str(ctx.batch_id), str(ctx['mdc.batchId']));
  set('queryId', str(ctx.query_id));
  // An executor-lost line is written by the driver but is about the lost executor.
  set('executorId', parsedMsg.executorId, str(ctx.executor_id), source.executorId);
  set('traceId', str(ctx.trace_id), str(ctx['mdc.traceId']));
  set('spanId', str(ctx.span_id), str(ctx['mdc.spanId']));
  set('host', parsedMsg.host, str(ctx.host), source.host);
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
