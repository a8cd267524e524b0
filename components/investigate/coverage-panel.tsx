'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { SourceStatuses } from '@/components/ui/source-status';
import type { CoverageSignal } from '@/lib/domain/types';
import { coverageQuery } from '@/lib/queries/api';

const TONE: Record<CoverageSignal['state'], Tone> = {
  seen: 'ok',
  missing: 'warn',
  unknown: 'muted',
};

/**
 * Which signals the console sees for this app, and for each missing one the Spark configuration
 * that supplies it: what a team attaching its own app reads first.
 */
export function CoveragePanel({
  appId,
  appName,
  from,
  to,
}: {
  appId: string;
  appName?: string | undefined;
  from: number;
  to: number;
}) {
  const query = useQuery(coverageQuery(appId, { from, to }, appName));
  const signals = query.data?.data.signals;
  const missing = signals?.filter((s) => s.state !== 'seen').length ?? 0;
  return (
    <Card
      testId="coverage-panel"
      title={
        <span>
          Signals of this app
          {signals ? (
            <span className="ml-2 font-normal text-muted">
              {missing ? `${missing} of ${signals.length} not seen` : 'all seen'}
            </span>
          ) : null}
        </span>
      }
      actions={<SourceStatuses sources={query.data?.sources} />}
    >
      {query.isPending ? <Skeleton className="h-16" /> : null}
      {query.isError ? (
        <p className="text-sm text-red-700 dark:text-red-300">{query.error.message}</p>
      ) : null}
      {signals ? (
        <ul className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2 xl:grid-cols-3">
          {signals.map((s) => (
            <li key={s.id} data-testid="coverage-signal" data-state={s.state}>
              <div className="flex items-center gap-2">
                <Badge tone={TONE[s.state]}>{s.state}</Badge>
                <span className="font-medium">{s.title}</span>
              </div>
              <p className="mt-0.5 text-xs text-muted">{s.detail}</p>
              {s.fix ? (
                <details className="mt-0.5 text-xs">
                  <summary className="cursor-pointer text-sky-700 dark:text-sky-300">
                    how to get it
                  </summary>
                  <ul className="mt-1 space-y-0.5 font-mono break-all">
                    {s.fix.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
