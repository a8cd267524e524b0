'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatBytes, formatTime } from '@/components/ui/format';
import { SourceStatuses } from '@/components/ui/source-status';
import type { ShipperStatus } from '@/lib/domain/types';
import { shippersQuery } from '@/lib/queries/api';

const COUNTS: [keyof ShipperStatus, string][] = [
  ['linesShipped', 'Lines shipped'],
  ['linesDeadLettered', 'Dead-lettered'],
  ['linesCut', 'Cut (over 8 MiB)'],
  ['linesRaw', 'Raw (not Spark JSON)'],
  ['failedPasses', 'Failed passes'],
  ['offsetWriteErrors', 'Offset write errors'],
];

function ShipperCard({ shipper }: { shipper: ShipperStatus }) {
  return (
    <Card
      testId="shipper"
      title={<span className="font-mono">{shipper.instance}</span>}
      actions={
        <Badge tone={shipper.up ? (shipper.lastError ? 'warn' : 'ok') : 'bad'}>
          {shipper.up ? 'reporting' : 'not scraped'}
        </Badge>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Lag</dt>
        <dd className="font-mono" data-testid="shipper-lag">
          {formatBytes(shipper.lagBytes)} in {shipper.files.length} files
        </dd>
        {COUNTS.map(([key, label]) => (
          <div key={key} className="contents">
            <dt className="text-muted">{label}</dt>
            <dd className="font-mono" data-testid={`shipper-${key}`}>
              {String(shipper[key])}
            </dd>
          </div>
        ))}
        <dt className="text-muted">Last success</dt>
        <dd className="font-mono">
          {shipper.lastSuccessAt ? formatTime(shipper.lastSuccessAt, true) : '—'}
        </dd>
      </dl>
      {shipper.lastError ? (
        <p className="mt-3 text-sm text-red-700 dark:text-red-300" data-testid="shipper-error">
          {formatTime(shipper.lastError.at, true)}: {shipper.lastError.message}
        </p>
      ) : null}
      {shipper.files.some((f) => f.lagBytes > 0) ? (
        <ul className="mt-3 space-y-0.5 text-xs text-muted">
          {shipper.files
            .filter((f) => f.lagBytes > 0)
            .slice(0, 5)
            .map((f) => (
              <li key={f.file} className="truncate font-mono" title={f.file}>
                {formatBytes(f.lagBytes)} behind · {f.file}
              </li>
            ))}
        </ul>
      ) : null}
    </Card>
  );
}

/** The log shippers' own health, from the metrics Prometheus scrapes of them. */
export function ShipperBoard() {
  const query = useQuery(shippersQuery());
  const shippers = query.data?.data;
  return (
    <section className="space-y-3" data-testid="shipper-board">
      <div className="flex items-center gap-3">
        <h2 className="text-lg font-semibold">Log shippers</h2>
        <SourceStatuses sources={query.data?.sources} />
      </div>
      {query.isError ? (
        <p className="text-sm text-red-700 dark:text-red-300">{query.error.message}</p>
      ) : null}
      {shippers && shippers.length === 0 ? (
        <p className="text-sm text-muted">
          No log shipper reports to Prometheus (scrape job sparkwatch-shipper). The local shipper
          runs alongside <code>npm run spark:demo</code>; in docker compose and Kubernetes Fluent
          Bit ships the logs.
        </p>
      ) : null}
      {shippers?.length ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {shippers.map((s) => (
            <ShipperCard key={s.instance} shipper={s} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
