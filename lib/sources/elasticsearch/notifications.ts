import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { alertSchema } from '@/lib/domain/schemas';
import type { Alert } from '@/lib/domain/types';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions } from '../request-options';
import {
  callOptions,
  elasticsearchClient,
  ensureConsoleIndex,
  rejected,
  searchTimeout,
  toUpstreamError,
} from './client';

/**
 * Alertmanager notifications received by the webhook, stored in Elasticsearch (an index of the
 * console's own) so every replica lists the same recently resolved alerts and a restart forgets
 * nothing. One document per alert occurrence (fingerprint + start): a later notification of it
 * (firing → resolved) replaces the earlier one.
 */
const indexName = () => `${getConfig().elasticsearch.consoleIndexPrefix}-alerts`;

// Only what the console filters and sorts on is indexed; the alert itself is kept whole, unindexed
// (label sets are open-ended: mapping them would let any label add a field).
const MAPPINGS = {
  dynamic: false,
  properties: {
    receivedAt: { type: 'date', format: 'epoch_millis' },
    fingerprint: { type: 'keyword' },
    state: { type: 'keyword' },
    name: { type: 'keyword' },
    appId: { type: 'keyword' },
    startsAt: { type: 'date', format: 'epoch_millis' },
    endsAt: { type: 'date', format: 'epoch_millis' },
    alert: { type: 'object', enabled: false },
  },
} as const;

const docId = (a: Alert) => `${a.fingerprint}-${a.startsAt}`;

/** Stores alerts as received, visible to searches when this resolves. */
export async function storeNotifications(
  alerts: Alert[],
  options: CallOptions = {},
): Promise<void> {
  if (!alerts.length) return;
  const receivedAt = Date.now();
  try {
    await ensureConsoleIndex(indexName(), MAPPINGS, options.signal);
    const operations = alerts.flatMap((alert) => [
      { index: { _index: indexName(), _id: docId(alert) } },
      {
        receivedAt,
        fingerprint: alert.fingerprint,
        state: alert.state,
        name: alert.name,
        ...(alert.appId ? { appId: alert.appId } : {}),
        startsAt: alert.startsAt,
        ...(alert.endsAt === undefined ? {} : { endsAt: alert.endsAt }),
        alert,
      },
    ]);
    const answer = await elasticsearchClient().bulk(
      { operations, refresh: 'wait_for' },
      callOptions(options.signal),
    );
    const failed = answer.items.find((item) => item.index?.error);
    if (failed?.index) throw rejected('a notification', failed.index.status, failed.index);
  } catch (error) {
    throw toUpstreamError(error, 'storing notifications');
  }
}

const stored = z.object({
  hits: z.object({
    hits: z.array(z.object({ _source: z.object({ alert: alertSchema }) })),
  }),
});

/** The newest stored notifications (resolved ones only, if asked), newest first. */
export async function recentNotifications(
  query: { limit: number; resolvedOnly?: boolean; fingerprint?: string },
  options: CallOptions = {},
): Promise<Alert[]> {
  const filter: object[] = [];
  if (query.resolvedOnly) filter.push({ term: { state: 'resolved' } });
  if (query.fingerprint) filter.push({ term: { fingerprint: query.fingerprint } });
  try {
    const raw = await elasticsearchClient().search(
      {
        timeout: searchTimeout(),
        index: indexName(),
        size: query.limit,
        ignore_unavailable: true,
        allow_no_indices: true,
        query: { bool: { filter } },
        sort: [{ receivedAt: { order: 'desc' } }],
        _source: ['alert'],
      },
      callOptions(options.signal),
    );
    const req = { source: 'elasticsearch', url: 'notifications search' };
    return parseWire(stored, raw, req).hits.hits.map((h) => h._source.alert);
  } catch (error) {
    throw toUpstreamError(error, 'the notifications search');
  }
}
