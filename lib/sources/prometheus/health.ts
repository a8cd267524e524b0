import 'server-only';
import { z } from 'zod';
import type { CallOptions, Probe } from '../request-options';
import { prometheusGet } from './client';

const buildInfo = z.object({ version: z.string(), revision: z.string().optional() });

export async function probePrometheus(options: CallOptions = {}): Promise<Probe> {
  const { data } = await prometheusGet(
    '/api/v1/status/buildinfo',
    new URLSearchParams(),
    buildInfo,
    options,
  );
  return { version: data.version };
}
