import 'server-only';
import { Client, errors, type estypes } from '@elastic/elasticsearch';
import { getConfig } from '@/lib/config';
import { UpstreamError, excerpt, redactUrl } from '@/lib/http/errors';
import { retryDelayMs } from '@/lib/http/upstream';

const SOURCE = 'elasticsearch';

let client: Client | undefined;

/**
 * One client per process. The Elasticsearch client does its own HTTP (connection pool, sniffing
 * off), so deadlines and the size cap are set here rather than in lib/http.
 */
export function elasticsearchClient(): Client {
  if (client) return client;
  const { elasticsearch, maxResponseBytes } = getConfig();
  client = new Client({
    node: elasticsearch.url,
    ...(elasticsearch.auth ? { auth: elasticsearch.auth } : {}),
    requestTimeout: elasticsearch.timeoutMs,
    maxRetries: 1,
    maxResponseSize: maxResponseBytes,
    maxCompressedResponseSize: maxResponseBytes,
    compression: false,
  });
  return client;
}

/**
 * The `timeout` of every search: Elasticsearch stops collecting hits then and answers what it
 * has (`timed_out`, shown as a warning), a second before the client would give up on it.
 */
export function searchTimeout(): string {
  const { timeoutMs } = getConfig().elasticsearch;
  return `${Math.max(100, timeoutMs - 1000)}ms`;
}

/**
 * Transport options for one call: the caller's signal, and retries (the client's default of one
 * retry suits reads; probes pass 0 so a dead node is reported at once). The retry waits as the
 * other backends' do: the client's own backoff waits 1–2 s, so an Elasticsearch that refuses
 * connections took its panels over a second to say so.
 */
export function callOptions(signal?: AbortSignal, maxRetries?: number) {
  return {
    ...(signal ? { signal } : {}),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    retryBackoff: () => retryDelayMs() / 1000,
    meta: false as const,
  };
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

/** Why Elasticsearch refused: the first root cause of its error body, else the error's reason. */
function reasonOf(body: unknown): string | undefined {
  const error = record(record(body)?.error);
  const cause = record(Array.isArray(error?.root_cause) ? error.root_cause[0] : undefined);
  const reason = cause?.reason ?? error?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * A request Elasticsearch refused, with its status and reason: a whole request, or one search of
 * an `_msearch` (whose failed items have the same `{ error, status }` body).
 */
export function rejected(
  what: string,
  status: number | undefined,
  body: unknown,
  cause?: unknown,
): UpstreamError {
  const reason = reasonOf(body);
  return new UpstreamError(
    `elasticsearch rejected ${what} (HTTP ${status ?? '?'}${reason ? `: ${reason}` : ''})`,
    {
      source: SOURCE,
      kind: 'http',
      url: redactUrl(getConfig().elasticsearch.url),
      ...(status === undefined ? {} : { status }),
      bodyExcerpt: excerpt(typeof body === 'string' ? body : JSON.stringify(body ?? '')),
      ...(cause === undefined ? {} : { cause }),
      // The root cause quotes the query and the data; it stays in the server log.
      publicMessage: `elasticsearch rejected ${what} (HTTP ${status ?? '?'})`,
    },
  );
}

/** Maps the client's errors onto the console's one error contract. */
export function toUpstreamError(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const url = redactUrl(getConfig().elasticsearch.url);
  if (error instanceof errors.TimeoutError) {
    return new UpstreamError(`elasticsearch did not answer ${what} in time`, {
      publicMessage: `elasticsearch did not answer ${what} in time`,
      source: SOURCE,
      kind: 'timeout',
      url,
      cause: error,
    });
  }
  if (error instanceof errors.ConnectionError) {
    return new UpstreamError(`elasticsearch is unreachable (${error.message})`, {
      source: SOURCE,
      kind: 'unreachable',
      url,
      cause: error,
    });
  }
  if (error instanceof errors.RequestAbortedError) {
    const tooBig = /size/i.test(error.message);
    return new UpstreamError(
      tooBig
        ? `elasticsearch answered more than the size cap for ${what}`
        : `${what} was cancelled`,
      {
        source: SOURCE,
        kind: tooBig ? 'too_large' : 'aborted',
        url,
        cause: error,
      },
    );
  }
  if (error instanceof errors.ResponseError) {
    return rejected(what, error.statusCode, error.body, error);
  }
  if (error instanceof errors.DeserializationError) {
    return new UpstreamError(`elasticsearch answered something that is not JSON for ${what}`, {
      source: SOURCE,
      kind: 'bad_response',
      url,
      cause: error,
    });
  }
  return new UpstreamError(
    `elasticsearch failed ${what}: ${error instanceof Error ? error.message : String(error)}`,
    {
      source: SOURCE,
      kind: 'unreachable',
      url,
      cause: error,
    },
  );
}

/**
 * Creates one of the console's own indices (one shard, no replica: the demo's node is alone; an
 * operator raises replicas afterwards) with its explicit mapping, unless it exists.
 */
export async function ensureConsoleIndex(
  index: string,
  mappings: estypes.MappingTypeMapping,
  signal?: AbortSignal,
): Promise<void> {
  const client = elasticsearchClient();
  if (await client.indices.exists({ index }, callOptions(signal))) return;
  try {
    await client.indices.create(
      { index, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings },
      callOptions(signal),
    );
  } catch (error) {
    // Another replica created it first: what was wanted.
    if (!String((error as { message?: unknown }).message).includes('resource_already_exists'))
      throw error;
  }
}
