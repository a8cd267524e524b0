'use client';

import { useQueryStates } from 'nuqs';
import { useState } from 'react';
import { CopyLink } from '@/components/ui/copy-link';
import { TimeRangePicker } from '@/components/ui/time-range-picker';
import { logsHref, logsParsers } from '@/lib/url/logs';
import { type Filters, filtersOf } from '@/lib/url/shared';
import { LogPanel } from './log-panel';

/** The Logs page: every filter in the URL, optionally scoped to one app. */
export function LogsExplorer({ defaultWindow }: { defaultWindow: { from: number; to: number } }) {
  const [state, setState] = useQueryStates(logsParsers, { history: 'push' });
  const [app, setApp] = useState(state.appId ?? '');
  const from = state.from ?? defaultWindow.from;
  const to = state.to ?? defaultWindow.to;
  const rest = { appId: state.appId, ...filtersOf(state) };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Logs</h1>
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            void setState({ appId: app.trim() || null });
          }}
        >
          <input
            aria-label="Spark application id"
            placeholder="app id (all apps if empty)"
            value={app}
            onChange={(e) => setApp(e.target.value)}
            className="w-64 rounded border border-zinc-300 bg-transparent px-2 py-1 font-mono text-sm dark:border-zinc-700"
          />
          <button
            type="submit"
            className="rounded border border-zinc-300 px-2 text-sm dark:border-zinc-700"
          >
            Apply
          </button>
        </form>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <TimeRangePicker from={from} to={to} onChange={(w) => void setState(w)} />
          <CopyLink build={() => `${window.location.origin}${logsHref({ ...rest, from, to })}`} />
        </div>
      </div>
      <LogPanel
        scope={{ ...rest, from, to }}
        onFilter={(f: Partial<Filters>) => void setState(f)}
        height={560}
      />
    </div>
  );
}
