'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatTime } from '@/components/ui/format';
import { runsQuery } from '@/lib/queries/api';
import { compareHref } from '@/lib/url/compare';

/** "Compare with the previous run", when the History Server holds an earlier run of the app's name. */
export function PreviousRunLink({ appId }: { appId: string }) {
  const query = useQuery(runsQuery(appId));
  const previous = query.data?.data.previous;
  if (!previous) return null;
  return (
    <Link
      className="rounded border border-zinc-200 px-2 py-1 text-sm text-sky-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-sky-400 dark:hover:bg-zinc-800"
      href={compareHref(appId, previous.appId)}
      data-testid="compare-previous"
      title={`${previous.appId}${previous.start ? `, started ${formatTime(previous.start, true)}` : ''}`}
    >
      compare with the previous run
    </Link>
  );
}
