import 'server-only';
import { z } from 'zod';
import type { CallOptions, Probe } from '../request-options';
import { alertmanagerGet } from './client';

const status = z.object({
  versionInfo: z.object({ version: z.string() }),
  cluster: z.object({ status: z.string() }).optional(),
});

export async function probeAlertmanager(options: CallOptions = {}): Promise<Probe> {
  const data = await alertmanagerGet('/api/v2/status', new URLSearchParams(), status, options);
  return {
    version: data.versionInfo.version,
    ...(data.cluster ? { detail: `cluster ${data.cluster.status}` } : {}),
  };
}
