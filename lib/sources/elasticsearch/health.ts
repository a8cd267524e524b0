import 'server-only';
import { z } from 'zod';
import { parseWire } from '@/lib/http/wire';
import type { CallOptions, Probe } from '../request-options';
import { callOptions, elasticsearchClient, toUpstreamError } from './client';

const nodesInfo = z.object({
  nodes: z.record(z.string(), z.object({ version: z.string(), name: z.string().optional() })),
});
const clusterHealth = z.object({
  status: z.enum(['green', 'yellow', 'red']),
  cluster_name: z.string(),
});

/**
 * This build answers 405 to `GET /` (client.info()), so version comes from the local node's info
 * and liveness from cluster health.
 */
export async function probeElasticsearch(options: CallOptions = {}): Promise<Probe> {
  const es = elasticsearchClient();
  const req = { source: 'elasticsearch', url: 'nodes.info/_local' };
  try {
    const [info, health] = await Promise.all([
      es.nodes.info({ node_id: '_local', metric: '_none' }, callOptions(options.signal, 0)),
      es.cluster.health({}, callOptions(options.signal, 0)),
    ]);
    const node = Object.values(parseWire(nodesInfo, info, req).nodes)[0];
    const cluster = parseWire(clusterHealth, health, { ...req, url: 'cluster.health' });
    return {
      version: node?.version ?? 'unknown',
      detail: `cluster ${cluster.cluster_name} ${cluster.status}`,
    };
  } catch (error) {
    throw toUpstreamError(error, 'the health probe');
  }
}
