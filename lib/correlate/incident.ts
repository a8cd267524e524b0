import 'server-only';
import type { Alert, IncidentScope } from '@/lib/api/types';
import { listAlerts } from '@/lib/sources/alertmanager/alerts';
import { recentNotifications } from './alerts';

const BEFORE_MS = 30 * 60_000;
const AFTER_MS = 5 * 60_000;

/** An alert's incident scope: the app from its labels, its window padded on both sides. */
export function scopeOf(alert: Alert, now = Date.now()): IncidentScope | undefined {
  if (!alert.appId) return undefined;
  const end = alert.state === 'resolved' && alert.endsAt ? alert.endsAt : now;
  return {
    alert,
    appId: alert.appId,
    ...(alert.appName ? { appName: alert.appName } : {}),
    ...(alert.query ? { query: alert.query } : {}),
    window: { from: alert.startsAt - BEFORE_MS, to: Math.min(end + AFTER_MS, now) },
  };
}

/** Finds an alert by fingerprint among Alertmanager's active alerts, then recent notifications. */
export async function findAlert(
  fingerprint: string,
  signal: AbortSignal,
): Promise<Alert | undefined> {
  const active = await listAlerts({}, { signal });
  return (
    active.find((a) => a.fingerprint === fingerprint) ??
    recentNotifications().find((a) => a.fingerprint === fingerprint)
  );
}
