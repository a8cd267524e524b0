import 'server-only';
import { LABEL_NAME } from '@/lib/domain/ids';
import { z } from 'zod';
import type { Alert, Correlated } from '@/lib/domain/types';
import { listAlerts, toAlert } from '@/lib/sources/alertmanager/alerts';
import { recentNotifications, storeNotifications } from '@/lib/sources/elasticsearch/notifications';
import { inScope, type AppScope } from '@/lib/domain/access';
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

const RECENT = 200;

/** Stores a webhook notification's alerts, so every replica lists them; the count received. */
export async function receiveNotification(
  payload: z.infer<typeof webhookPayload>,
  signal: AbortSignal,
): Promise<number> {
  const alerts = payload.alerts.map((a) =>
    toAlert(a, a.status === 'resolved' ? 'resolved' : 'active'),
  );
  await storeNotifications(alerts, { signal });
  return alerts.length;
}

/** Active alerts from Alertmanager plus recently resolved ones received through the webhook. */
export async function alertsOverview(
  signal: AbortSignal,
  scope: AppScope,
): Promise<Correlated<{ active: Alert[]; recent: Alert[] }>> {
  const { data, sources } = await fanOut(
    {
      alertmanager: (s) => listAlerts({}, { signal: s }),
      elasticsearch: (s) =>
        recentNotifications({ limit: RECENT, resolvedOnly: true }, { signal: s }),
    },
    signal,
  );
  const active = inScope(scope, data.alertmanager ?? [], (a) => a.appName);
  const activeKeys = new Set(active.map((a) => a.fingerprint));
  // A fingerprint fires again after it resolved: the stored occurrence is history, the active one
  // is what is happening; each occurrence once.
  const seen = new Set<string>();
  const recent = inScope(scope, data.elasticsearch ?? [], (a) => a.appName).filter((a) => {
    const key = `${a.fingerprint}-${a.startsAt}`;
    if (activeKeys.has(a.fingerprint) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { data: { active, recent }, sources };
}
