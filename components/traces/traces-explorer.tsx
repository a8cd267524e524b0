'use client';

import { useQueryStates } from 'nuqs';
import { useState } from 'react';
import { Empty } from '@/components/ui/skeleton';
import { TimeRangePicker } from '@/components/ui/time-range-picker';
import { tracesParsers } from '@/lib/url/traces';
import { TraceTable } from './trace-table';

/** Trace search by app, window, stage and batch (all in the URL). */
export function TracesExplorer({
  defaultWindow,
  apps,
}: {
  defaultWindow: { from: number; to: number };
  apps: { appId: string; appName?: string | undefined }[];
}) {
  const [state, setState] = useQueryStates(tracesParsers, { history: 'push' });
  const [stage, setStage] = useState(state.stageId?.toString() ?? '');
  const from = state.from ?? defaultWindow.from;
  const to = state.to ?? defaultWindow.to;
  const app = apps.find((a) => a.appId === state.appId);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Traces</h1>
        <label className="text-sm">
          <span className="sr-only">Application</span>
          <select
            value={state.appId ?? ''}
            onChange={(e) => void setState({ appId: e.target.value || null })}
            className="rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          >
            <option value="">Choose an application…</option>
            {apps.map((a) => (
              <option key={a.appId} value={a.appId}>
                {a.appName ? `${a.appName} (${a.appId})` : a.appId}
              </option>
            ))}
          </select>
        </label>
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(stage);
            void setState({ stageId: stage && Number.isInteger(n) && n >= 0 ? n : null });
          }}
        >
          <input
            aria-label="Stage id"
            placeholder="stage id"
            inputMode="numeric"
            value={stage}
            onChange={(e) => setStage(e.target.value)}
            className="w-24 rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          />
          <button
            type="submit"
            className="rounded border border-zinc-300 px-2 text-sm dark:border-zinc-700"
          >
            Filter
          </button>
        </form>
        <div className="ml-auto">
          <TimeRangePicker from={from} to={to} onChange={(w) => void setState(w)} />
        </div>
      </div>
      {state.appId ? (
        <TraceTable
          scope={{
            appId: state.appId,
            appName: app?.appName,
            from,
            to,
            stageId: state.stageId,
            batchId: state.batchId,
          }}
        />
      ) : (
        <Empty
          title="Choose an application to list its traces."
          hint="Traces are found by the spark.app.id span attribute."
        />
      )}
    </div>
  );
}
