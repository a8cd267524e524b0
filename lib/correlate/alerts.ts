import 'server-only';
import { LABEL_NAME } from '@/lib/domain/ids';
import { z } from 'zod';
import type { Alert, Correlated } from '@/lib/domain/types';
import { listAlerts, toAlert } from '@/lib/sources/alertmanager/alerts';
import { fanOut } from './fan-out';

// Prometheus label names; `__`-prefixed ones are internal and never reach a receiver, and refusing
// them keeps keys such as __proto__ out of the objects built from the payload.
const labelName = z
  .string()
  .max(200, 'label name too long')
  .regex(LABEL_NAME, 'not a label name')
  .refine((name) => !name.startsWith('__'), 'not a label name');

/** Alertmanager's webhook payload (version 4). */
export const webhookPayload = z.object({
  version: z.string().max(8),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(200),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(labelName, z.string().max(2000)),
        annotations: z.record(labelName, z.string().max(10_000)).default({}),
        startsAt: z.string().max(40),
        endsAt: z.string().max(40).optional(),
        fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
      }),
    )
    .max(1000),
});

// Recent notifications, newest first, bounded: how the console remembers resolved alerts
// (Alertmanager's API lists only active ones).
const RING_SIZE = 500;
const recent: Alert[] = [];

export function rememberNotification(payload: z.infer<typeof webhookPayload>): number {
  for (const a of payload.alerts) {
    const alert = toAlert(a, a.status === 'resolved' ? 'resolved' : 'active');
    const existing = recent.findIndex(
      (r) => r.fingerprint === a.fingerprint && r.startsAt === alert.startsAt,
    );
    if (existing >= 0) recent.splice(existing, 1);
    recent.unshift(alert);
  }
  recent.splice(RING_SIZE);
  return payload.alerts.length;
}

export function recentNotifications(): Alert[] {
  return [...recent];
}

/** Active alerts from Alertmanager plus recently resolved ones received through the webhook. */
export async function alertsOverview(
  signal: AbortSignal,
): Promise<Correlated<{ active: Alert[]; recent: Alert[] }>> {
  const { data, sources } = await fanOut(
    { alertmanager: (s) => listAlerts({}, { signal: s }) },
    signal,
  );
  const active = data.alertmanager ?? [];
  const activeKeys = new Set(active.map((a) => a.fingerprint));
  return {
    data: {
      active,
      recent: recentNotifications().filter(
        (a) => a.state === 'resolved' && !activeKeys.has(a.fingerprint),
      ),
    },
    sources,
  };
}
