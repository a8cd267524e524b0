'use client';

import { useQuery } from '@tanstack/react-query';
import type { HealthResponse, SourceName } from '@/lib/domain/types';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { SourceError } from '@/components/ui/source-error';
import { ShipperBoard } from './shipper-board';

const BACKENDS: { name: SourceName; label: string; role: string }[] = [
  { name: 'prometheus', label: 'Prometheus', role: 'Metrics and alert rules' },
  { name: 'alertmanager', label: 'Alertmanager', role: 'Alert routing' },
  { name: 'elasticsearch', label: 'Elasticsearch', role: 'Spark logs' },
  { name: 'jaeger', label: 'Jaeger', role: 'Traces' },
  { name: 'spark', label: 'Spark History Server', role: 'Jobs, stages and finished apps' },
];

async function fetchHealth(): Promise<HealthResponse> {
  const response = await fetch('/api/health', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/api/health answered HTTP ${response.status}`);
  return (await response.json()) as HealthResponse;
}

export function StatusBoard({ initial }: { initial: HealthResponse }) {
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: ['health'],
    queryFn: fetchHealth,
    initialData: initial,
    refetchInterval: 10_000,
  });
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Backends</h1>
        <Badge tone={data.status === 'ok' ? 'ok' : 'bad'}>
          {data.status === 'ok' ? 'all healthy' : `${data.down.length} down`}
        </Badge>
        <span className="text-xs text-muted" suppressHydrationWarning>
          checked {new Date(data.checkedAt).toLocaleTimeString()}
        </span>
        <button
          type="button"
          onClick={() => void refetch()}
          disabled={isFetching}
          className="ml-auto rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {isFetching ? 'Checking…' : 'Check now'}
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {BACKENDS.map(({ name, label, role }) => {
          const status = data.sources[name];
          const probe = data.data[name];
          const healthy = status.state === 'ok';
          return (
            <Card
              key={name}
              testId={`backend-${name}`}
              title={label}
              actions={<Badge tone={healthy ? 'ok' : 'bad'}>{healthy ? 'healthy' : 'down'}</Badge>}
            >
              <p className="text-xs text-muted">{role}</p>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-muted">Version</dt>
                <dd data-testid={`version-${name}`} className="font-mono">
                  {probe?.version ?? '—'}
                </dd>
                <dt className="text-muted">Latency</dt>
                <dd className="font-mono">{status.tookMs} ms</dd>
                {probe?.detail ? (
                  <>
                    <dt className="text-muted">Detail</dt>
                    <dd>{probe.detail}</dd>
                  </>
                ) : null}
              </dl>
              {healthy ? null : (
                <div className="mt-3">
                  <SourceError source={name} status={status} />
                </div>
              )}
            </Card>
          );
        })}
      </div>
      <ShipperBoard />
    </div>
  );
}
