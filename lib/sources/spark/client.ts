import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import type { SparkOrigin } from '@/lib/domain/spark';
import { JsonArrayElements } from '@/lib/http/json-array';
import {
  type BodyReader,
  type UpstreamResponse,
  httpError,
  parseJson,
  upstreamFetch,
} from '@/lib/http/upstream';
import { parseWire } from '@/lib/http/wire';
import { asIsCheck } from '@/lib/http/wire-as-is';
import type { CallOptions } from '../request-options';

export const SOURCE = 'spark';

/** A server of Spark's monitoring REST API: the History Server, or a running app's driver UI. */
export interface SparkTarget {
  origin: SparkOrigin;
  /** Base URL, without `/api/v1`. */
  url: string;
}

/** An application (and attempt, on cluster managers that have them) on one target. */
export interface SparkAppRef {
  target: SparkTarget;
  appId: string;
  attemptId?: string;
}

export function historyServer(): SparkTarget {
  return { origin: 'history', url: getConfig().spark.historyUrl };
}

/** `/applications/{appId}[/{attemptId}]/…`, each segment escaped: ids never shape the path. */
export function appPath(app: SparkAppRef, ...rest: (string | number)[]): string {
  const segments = [app.appId, ...(app.attemptId ? [app.attemptId] : []), ...rest.map(String)];
  return `/applications/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * GET a path of `/api/v1` on a Spark UI. Spark answers a missing app, stage or metric with a 404
 * and a line of plain text ("no such app: …", "No tasks reported metrics …"): that line becomes
 * the error's message.
 */
export async function sparkGet<S extends z.ZodType>(
  target: SparkTarget,
  path: string,
  params: URLSearchParams,
  schema: S,
  options: CallOptions = {},
): Promise<z.output<S>> {
  const { req, response } = await sparkCall(target, path, params, options);
  return parseWire(schema, parseJson(req, response), { ...req, text: response.text });
}

/**
 * Takes a list's elements batch by batch while they are read (work done then is off the answer's
 * critical path), and answers those the list must still hold: the rest are the sink's (the list
 * holds fewer objects while it downloads). Called anew at each attempt, and once more when the list
 * is parsed whole at the end: the function the last call returned saw every element, once.
 */
export type ListSink<T> = () => (items: T[]) => T[];

/**
 * A batch of a list's elements, validated and mapped: read as they are when every one has the
 * schema's shape (asIsCheck), else parsed by zod, which throws on the first that is wrong.
 */
export function listElements<S extends z.ZodType, T>(
  element: S,
  map: (e: z.output<S>) => T,
): (values: unknown[]) => T[] {
  const list = z.array(element);
  const asIs = asIsCheck(element);
  return (values) => (asIs && values.every(asIs) ? values : list.parse(values)).map(map);
}

/**
 * A list of `/api/v1`, each element validated and mapped while the answer downloads (Spark
 * pretty-prints its lists, see JsonArrayElements): a list of thousands of stages is mostly read
 * by the time its last byte arrives. An answer that cannot be read that way is parsed whole, as
 * sparkGet does, with the same value or the same error.
 */
export async function sparkGetList<S extends z.ZodType, T>(
  target: SparkTarget,
  path: string,
  params: URLSearchParams,
  element: S,
  map: (e: z.output<S>) => T,
  options: CallOptions = {},
  sink?: ListSink<T>,
): Promise<T[]> {
  let elements: JsonArrayElements<T> | undefined;
  const each = listElements(element, map);
  const { req, response } = await sparkCall(target, path, params, options, () => {
    const take = sink?.();
    elements = new JsonArrayElements((values) => {
      const items = each(values);
      return take ? take(items) : items;
    });
    return elements;
  });
  const list = z.array(element);
  const read = elements?.end();
  if (read) return read;
  const items = parseWire(list, parseJson(req, response), { ...req, text: response.text }).map(map);
  return sink ? sink()(items) : items;
}

async function sparkCall(
  target: SparkTarget,
  path: string,
  params: URLSearchParams,
  options: CallOptions,
  reader?: () => BodyReader,
): Promise<{ req: { source: string; url: string }; response: UpstreamResponse }> {
  const { spark, maxResponseBytes, compressedUpstream } = getConfig();
  const query = params.toString();
  const url = `${target.url}/api/v1${path}${query ? `?${query}` : ''}`;
  const req = { source: SOURCE, url };
  const response = await upstreamFetch({
    ...req,
    timeoutMs: spark.timeoutMs,
    maxBytes: maxResponseBytes,
    compressed: compressedUpstream,
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(reader ? { reader } : {}),
  });
  if (response.status >= 400) {
    const line = response.text.trim().split('\n')[0]?.slice(0, 200);
    throw httpError(
      req,
      response,
      `spark ${target.origin === 'history' ? 'History Server' : 'driver UI'} answered HTTP ${response.status}${line ? `: ${line}` : ''}`,
    );
  }
  return { req, response };
}
