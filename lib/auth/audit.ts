import 'server-only';

export interface AuditEvent {
  /** What happened: `logs.read`, `traces.read`, `auth.login`, `auth.logout`, `alerts.received`… */
  action: string;
  user: string;
  outcome: 'ok' | 'denied' | 'failed';
  appId?: string;
  appName?: string;
  detail?: Record<string, string | number | boolean | undefined>;
}

/**
 * One structured JSON line on stdout per audited action: who opened which app's logs or traces,
 * who signed in, who changed what. Log collectors pick it out by `"audit":true`.
 */
export function audit(event: AuditEvent): void {
  process.stdout.write(
    `${JSON.stringify({ audit: true, at: new Date().toISOString(), ...event })}\n`,
  );
}
