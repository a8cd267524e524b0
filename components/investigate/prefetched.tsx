'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useLayoutEffect } from 'react';
import {
  type InvestigationScope,
  type QueryName,
  type Started,
  investigationQueries,
  settled,
} from '@/lib/queries/prefetch';

/**
 * Puts the requests the server started at navigation (lib/queries/prefetch.ts) into the query
 * cache under the panels' keys before the panels' queries start, so they wait for those answers instead
 * of asking again.
 */
export function Prefetched({
  scope,
  started,
  children,
}: {
  scope: InvestigationScope;
  started: Started;
  children: ReactNode;
}) {
  const client = useQueryClient();
  // A layout effect: after hydration (the panels' first render showed them loading, as the
  // server's HTML did) and before the panels' queries subscribe, which React does in passive
  // effects — so they find these requests in flight and join them.
  useLayoutEffect(() => {
    const queries = investigationQueries(scope);
    for (const [name, promise] of Object.entries(started) as [QueryName, Promise<never>][]) {
      const options = queries[name];
      if (!options || !promise) continue;
      const queryFn = () => settled(promise) as never;
      if (name === 'logs') void client.prefetchInfiniteQuery({ ...queries.logs, queryFn });
      else void client.prefetchQuery({ ...options, queryFn } as never);
    }
    // Once per mount: later filter changes are the panels' own requests.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return children;
}
