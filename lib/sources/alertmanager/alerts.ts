import 'server-only';
import { LABEL_NAME } from '@/lib/domain/ids';
import { z } from 'zod';
import type { Alert } from '@/lib/domain/types';
import { quote } from '../prometheus/promql';
import type { CallOptions } from '../request-options';
import { alertmanagerGet } from './client';

const gettableAlert = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  updatedAt: z.string().optional(),
  fingerprint: z.string(),
  generatorURL: z.string().optional(),
  receivers: z.array(z.object({ name: z.string() })).default([]),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).default([]),
    inhibitedBy: z.array(z.string()).default([]),
  }),
});

export type GettableAlert = z.infer<typeof gettableAlert>;

const parseTime = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** Alertmanager's alert → the console's alert (labels of the Spark rules: app_id, app_name, query). */
export function toAlert(
  a: Pick<GettableAlert, 'labels' | 'annotations' | 'startsAt' | 'endsAt' | 'fingerprint'>,
  state: Alert['state'],
): Alert {
  // Only a resolved alert has an end: firing ones carry Go's zero time (webhook) or an estimate
  // of when they would lapse without a resend (API v2).
  const endsAt = state === 'resolved' ? parseTime(a.endsAt) : Number.NaN;
  return {
    fingerprint: a.fingerprint,
    name: a.labels.alertname ?? '(unnamed)',
    state,
    ...(a.labels.severity ? { severity: a.labels.severity } : {}),
    ...(a.labels.app_id ? { appId: a.labels.app_id } : {}),
    ...(a.labels.app_name ? { appName: a.labels.app_name } : {}),
    ...(a.labels.query ? { query: a.labels.query } : {}),
    startsAt: parseTime(a.startsAt),
    ...(Number.isFinite(endsAt) ? { endsAt } : {}),
    ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
    ...(a.annotations.description ? { description: a.annotations.description } : {}),
    labels: a.labels,
  };
}

export interface AlertFilter {
  /** Exact label matches, e.g. {app_id: "app-…"}; values are quoted matcher literals. */
  labels?: Record<string, string>;
  includeSilenced?: boolean;
}

export async function listAlerts(
  filter: AlertFilter = {},
  options: CallOptions = {},
): Promise<Alert[]> {
  const params = new URLSearchParams({
    active: 'true',
    silenced: String(filter.includeSilenced ?? true),
    inhibited: 'true',
  });
  for (const [name, value] of Object.entries(filter.labels ?? {})) {
    if (!LABEL_NAME.test(name)) throw new Error(`invalid label name: ${name}`);
    params.append('filter', `${name}=${quote(value)}`);
  }
  const alerts = await alertmanagerGet('/api/v2/alerts', params, z.array(gettableAlert), options);
  return alerts.map((a) => toAlert(a, a.status.state)).sort((x, y) => y.startsAt - x.startsAt);
}
