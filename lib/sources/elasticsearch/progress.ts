import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import type { BatchProgress } from '@/lib/domain/spark';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions, type LogFields } from './fields';

/**
 * Spark's driver logs each micro-batch's StreamingQueryProgress as JSON after this phrase
 * (`ProgressReporter`, INFO): the only place the whole progress — offsets per source, watermark,
 * state operators — reaches a backend the console reads (the gauges keep six numbers of it, the
 * plugin's batch span its phases and input rows).
 */
export const PROGRESS_PHRASE = 'Streaming query made progress';
/** Queries of one app that ran a batch of this number: a handful at most. */
const MAX_QUERIES = 20;

const iso = z
  .string()
  .optional()
  .transform((s) => (s ? Date.parse(s) : undefined))
  .transform((t) => (t !== undefined && Number.isFinite(t) ? t : undefined));
const offset = z
  .unknown()
  .optional()
  .transform((o) =>
    o === undefined || o === null ? undefined : typeof o === 'string' ? o : JSON.stringify(o),
  );

const progress = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string().nullable().optional(),
  timestamp: z.string(),
  batchId: z.number(),
  batchDuration: z.number().default(0),
  numInputRows: z.number().default(0),
  inputRowsPerSecond: z.number().optional(),
  processedRowsPerSecond: z.number().optional(),
  durationMs: z.record(z.string(), z.number()).default({}),
  eventTime: z.object({ min: iso, max: iso, avg: iso, watermark: iso }).partial().default({}),
  stateOperators: z
    .array(
      z.object({
        operatorName: z.string().default('state'),
        numRowsTotal: z.number().default(0),
        numRowsUpdated: z.number().default(0),
        numRowsRemoved: z.number().optional(),
        numRowsDroppedByWatermark: z.number().optional(),
        memoryUsedBytes: z.number().default(0),
      }),
    )
    .default([]),
  sources: z
    .array(
      z.object({
        description: z.string(),
        startOffset: offset,
        endOffset: offset,
        latestOffset: offset,
        numInputRows: z.number().default(0),
      }),
    )
    .default([]),
  sink: z.object({ description: z.string(), numOutputRows: z.number().optional() }).optional(),
});

/** The progress JSON of a "Streaming query made progress: {…}" message; undefined if it is not one. */
export function parseProgressMessage(message: string): BatchProgress | undefined {
  const at = message.indexOf(PROGRESS_PHRASE);
  const brace = at < 0 ? -1 : message.indexOf('{', at);
  if (brace < 0) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(message.slice(brace));
  } catch {
    return undefined;
  }
  const p = progress.safeParse(raw);
  if (!p.success) return undefined;
  const v = p.data;
  const e = v.eventTime;
  const eventTime = {
    ...(e.min !== undefined ? { min: e.min } : {}),
    ...(e.max !== undefined ? { max: e.max } : {}),
    ...(e.avg !== undefined ? { avg: e.avg } : {}),
  };
  return {
    queryId: v.id,
    runId: v.runId,
    ...(v.name ? { name: v.name } : {}),
    batchId: v.batchId,
    timestamp: Date.parse(v.timestamp),
    batchDurationMs: v.batchDuration,
    numInputRows: v.numInputRows,
    ...(v.inputRowsPerSecond !== undefined ? { inputRowsPerSecond: v.inputRowsPerSecond } : {}),
    ...(v.processedRowsPerSecond !== undefined
      ? { processedRowsPerSecond: v.processedRowsPerSecond }
      : {}),
    durationMs: v.durationMs,
    ...(e.watermark !== undefined ? { watermark: e.watermark } : {}),
    ...(Object.keys(eventTime).length ? { eventTime } : {}),
    stateOperators: v.stateOperators.map((o) => ({
      operatorName: o.operatorName,
      numRowsTotal: o.numRowsTotal,
      numRowsUpdated: o.numRowsUpdated,
      ...(o.numRowsRemoved !== undefined ? { numRowsRemoved: o.numRowsRemoved } : {}),
      ...(o.numRowsDroppedByWatermark !== undefined
        ? { numRowsDroppedByWatermark: o.numRowsDroppedByWatermark }
        : {}),
      memoryUsedBytes: o.memoryUsedBytes,
    })),
    sources: v.sources.map((s) => ({
      description: s.description,
      ...(s.startOffset !== undefined ? { startOffset: s.startOffset } : {}),
      ...(s.endOffset !== undefined ? { endOffset: s.endOffset } : {}),
      ...(s.latestOffset !== undefined ? { latestOffset: s.latestOffset } : {}),
      numInputRows: s.numInputRows,
    })),
    ...(v.sink ? { sink: v.sink } : {}),
  };
}

/** The search: app and batch as `term`s, the phrase as `match_phrase` on the message field. */
export function progressRequest(appId: string, batchId: number, f: LogFields = DEFAULT_LOG_FIELDS) {
  return {
    size: MAX_QUERIES,
    sort: [{ [f.timestamp]: 'desc' as const }],
    _source: [f.message],
    query: {
      bool: {
        filter: [{ term: { [f.appId]: appId } }, { term: { [f.batchId]: String(batchId) } }],
        must: [{ match_phrase: { [f.message]: PROGRESS_PHRASE } }],
      },
    },
  };
}

const answer = z.object({
  hits: z.object({
    hits: z.array(z.object({ _source: z.record(z.string(), z.unknown()) })),
  }),
});

/** The progress of one micro-batch of an app, one per query (newest first), from its log line. */
export async function batchProgress(
  appId: string,
  batchId: number,
  options: LogCallOptions = {},
): Promise<BatchProgress[]> {
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  try {
    const raw = await elasticsearchClient().search(
      {
        index: getConfig().elasticsearch.logIndex,
        ignore_unavailable: true,
        allow_no_indices: true,
        ...progressRequest(appId, batchId, f),
      },
      callOptions(options.signal),
    );
    const parsed = parseWire(answer, raw, { source: 'elasticsearch', url: 'batch progress' });
    const seen = new Set<string>();
    const out: BatchProgress[] = [];
    for (const h of parsed.hits.hits) {
      const message = h._source[f.message];
      const p = typeof message === 'string' ? parseProgressMessage(message) : undefined;
      // A restarted query logs the batch again under a new run: keep the newest per query.
      if (!p || p.batchId !== batchId || seen.has(p.queryId)) continue;
      seen.add(p.queryId);
      out.push(p);
    }
    return out;
  } catch (error) {
    throw toUpstreamError(error, 'the batch progress search');
  }
}
