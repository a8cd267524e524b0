'use client';

import { useState } from 'react';
import { LogList } from '@/components/logs/log-list';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Empty } from '@/components/ui/skeleton';
import type { PinnedLog } from '@/lib/domain/types';
import { FrozenLabel, LiveLabel } from './frozen';

/** The pinned log lines as saved, in the log list; the selected one's whole document below. */
export function FrozenLogs({
  logs,
  live,
  onUnpin,
}: {
  logs: PinnedLog[];
  live: Record<string, boolean> | undefined;
  onUnpin: (key: string) => void;
}) {
  const [selected, setSelected] = useState(0);
  const entries = logs.map((l) => l.entry);
  const picked = logs[selected];
  const stillThere = live ? logs.filter((l) => live[l.key]).length : undefined;
  const frozenAt = logs.length ? Math.min(...logs.map((l) => l.pinnedAt)) : undefined;
  return (
    <Card
      testId="frozen-logs"
      title={
        <span className="flex flex-wrap items-center gap-2">
          Pinned log lines <span className="font-normal text-muted">{logs.length}</span>
          {frozenAt !== undefined ? <FrozenLabel at={frozenAt} /> : null}
          {stillThere !== undefined && logs.length ? (
            <span className="text-xs font-normal text-muted" data-testid="logs-live-count">
              {stillThere} of {logs.length} still in Elasticsearch
            </span>
          ) : null}
        </span>
      }
    >
      {logs.length ? (
        <>
          <LogList
            entries={entries}
            selected={selected}
            onSelect={setSelected}
            onOpen={() => undefined}
            height={Math.min(260, 26 * logs.length + 10)}
          />
          {picked ? (
            <div className="mt-3 space-y-2" data-testid="frozen-log-detail">
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <FrozenLabel at={picked.pinnedAt} />
                <LiveLabel live={live?.[picked.key]} backend="Elasticsearch" />
                <span className="text-muted">pinned by {picked.pinnedBy}</span>
                <Button className="ml-auto" onClick={() => onUnpin(picked.key)}>
                  Unpin this line
                </Button>
              </div>
              <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs whitespace-pre-wrap break-all dark:bg-zinc-800">
                {JSON.stringify(picked.document, null, 2)}
              </pre>
            </div>
          ) : null}
        </>
      ) : (
        <Empty title="No log line pinned." hint="Pin lines from the incident or app view." />
      )}
    </Card>
  );
}
