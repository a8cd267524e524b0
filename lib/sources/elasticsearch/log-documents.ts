import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import type { LogEntry } from '@/lib/domain/types';
import { parseWire } from '@/lib/http/wire';
import { callOptions, elasticsearchClient, toUpstreamError } from './client';
import { DEFAULT_LOG_FIELDS, type LogCallOptions } from './fields';
import { logHit, toLogEntry } from './logs';

export interface LogRef {
  index: string;
  id: string;
}

/** A log line as the console shows it, and the whole document it came from. */
export interface LogDocument {
  entry: LogEntry;
  document: Record<string, unknown>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether an index is one of the log indices (ES_LOG_INDEX, a pattern or a comma-separated list):
 * a pin names its index, and only log lines may be copied, never the console's own documents.
 */
export function isLogIndex(index: string, pattern = getConfig().elasticsearch.logIndex): boolean {
  return pattern
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('-'))
    .some((p) => new RegExp(`^${p.split('*').map(escapeRegex).join('.*')}$`).test(index));
}

const mget = z.object({
  docs: z.array(
    z.union([
      logHit.extend({ found: z.literal(true) }),
      z.object({ _id: z.string(), _index: z.string(), found: z.literal(false) }),
      z.object({ _id: z.string(), _index: z.string(), error: z.unknown() }),
    ]),
  ),
});

/**
 * The documents of log lines named by index and id, in the order asked; null where Elasticsearch
 * no longer has it (the index rolled over or was deleted).
 */
export async function getLogDocuments(
  refs: LogRef[],
  options: LogCallOptions = {},
): Promise<(LogDocument | null)[]> {
  if (!refs.length) return [];
  const f = options.fields ?? DEFAULT_LOG_FIELDS;
  try {
    const raw = await elasticsearchClient().mget(
      { docs: refs.map((r) => ({ _index: r.index, _id: r.id })) },
      callOptions(options.signal),
    );
    const { docs } = parseWire(mget, raw, { source: 'elasticsearch', url: 'log documents' });
    return docs.map((d) =>
      'found' in d && d.found
        ? { entry: toLogEntry(d, f), document: d._source as Record<string, unknown> }
        : null,
    );
  } catch (error) {
    throw toUpstreamError(error, 'the log documents lookup');
  }
}
