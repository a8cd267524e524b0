import type { SourceStatus } from '@/lib/domain/types';

const LABEL: Record<string, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  elasticsearch: 'Elasticsearch',
  jaeger: 'Jaeger',
};

/** The explicit message a panel shows when its backend failed; backend text rendered as text. */
export function SourceError({ source, status }: { source: string; status: SourceStatus }) {
  const what = status.state === 'timeout' ? 'timed out' : 'failed';
  return (
    <div
      role="alert"
      data-testid={`source-error-${source}`}
      className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
    >
      <p className="font-medium">
        {LABEL[source] ?? source} {what}
        {status.error?.status ? ` (HTTP ${status.error.status})` : ''}
      </p>
      {status.error ? <p className="mt-0.5 break-words">{status.error.message}</p> : null}
    </div>
  );
}
