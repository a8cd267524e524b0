import { Badge } from '@/components/ui/badge';
import type { Alert } from '@/lib/domain/types';

/** The alert an incident view is about: severity, name, summary, and when. */
export function AlertBanner({
  alert,
  when,
  children,
}: {
  alert: Alert;
  when: string;
  children?: React.ReactNode;
}) {
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm dark:border-red-900 dark:bg-red-950/40"
      data-testid="incident-alert"
    >
      <Badge tone={alert.severity === 'critical' ? 'bad' : 'warn'}>
        {alert.severity ?? 'alert'}
      </Badge>
      <span className="font-semibold">{alert.name}</span>
      <span>{alert.summary}</span>
      {children}
      <span className="ml-auto text-xs text-muted">{when}</span>
    </div>
  );
}
