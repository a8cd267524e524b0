import 'server-only';
import { z } from 'zod';
import type { CallOptions, Probe } from '../request-options';
import { historyServer, sparkGet } from './client';

/** The History Server's liveness and Spark version (`/api/v1/version`). */
export async function probeSparkHistory(options: CallOptions = {}): Promise<Probe> {
  const data = await sparkGet(
    historyServer(),
    '/version',
    new URLSearchParams(),
    z.object({ spark: z.string() }),
    options,
  );
  return { version: data.spark };
}
