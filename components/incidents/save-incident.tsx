'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatTime } from '@/components/ui/format';
import type { Incident } from '@/lib/domain/types';
import { INCIDENT_LIMITS } from '@/lib/domain/types';
import { sendJson } from '@/lib/queries/api';
import { incidentApi, savedIncidentHref } from '@/lib/url/incidents';
import type { Filters } from '@/lib/url/shared';
import { usePins } from './pins';

export interface SaveIncidentProps {
  view: 'incident' | 'app';
  appId: string;
  appName?: string | undefined;
  alert?: { fingerprint: string; name: string } | undefined;
  window: { from: number; to: number };
  filters: Filters;
}

/**
 * "Save incident": a title, the lines and traces pinned on the page (ticked in the lists), and a
 * word on what else is copied. The server copies everything in; the incident opens at its link.
 */
export function SaveIncident(props: SaveIncidentProps) {
  const pins = usePins();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const defaultTitle = `${props.alert?.name ?? 'Incident'} on ${props.appName ?? props.appId}`;
  const [title, setTitle] = useState(defaultTitle);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  if (!pins) return null;

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const { data } = await sendJson<{ data: Incident }>('POST', incidentApi.collection, {
        title,
        view: props.view,
        appId: props.appId,
        ...(props.appName ? { appName: props.appName } : {}),
        ...(props.alert ? { alert: props.alert.fingerprint } : {}),
        window: props.window,
        filters: props.filters,
        logs: pins.logs.map((e) => ({ index: e.index, id: e.id })),
        traces: pins.traces.map((t) => t.traceId),
      });
      pins.clear();
      router.push(savedIncidentHref(data.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };

  return (
    <>
      <Button
        variant="primary"
        onClick={() => dialog.current?.showModal()}
        data-testid="save-incident"
      >
        Save incident
        {pins.logs.length + pins.traces.length ? (
          <span className="rounded bg-white/20 px-1 text-xs">
            {pins.logs.length + pins.traces.length} pinned
          </span>
        ) : null}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="save-incident-title"
        data-testid="save-incident-dialog"
        className="m-auto w-[min(44rem,95vw)] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form
          method="dialog"
          className="space-y-3 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="save-incident-title" className="text-lg font-semibold">
            Save incident
          </h2>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Title</span>
            <input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              maxLength={INCIDENT_LIMITS.title}
              required
              data-testid="incident-title"
              className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
            />
          </label>
          <p className="text-xs text-muted">
            {props.appName ?? props.appId} · {formatTime(props.window.from, true)} →{' '}
            {formatTime(props.window.to, true)}
            {props.alert ? ` · alert ${props.alert.name}` : ''}
          </p>
          <PinnedList
            title={`Log lines (${pins.logs.length})`}
            empty="Tick lines in the Logs panel to pin them."
            items={pins.logs.map((e) => ({
              key: `${e.index}/${e.id}`,
              text: `${formatTime(e.timestamp, true)} ${e.level} ${e.message}`,
              remove: () => pins.toggleLog(e),
            }))}
          />
          <PinnedList
            title={`Traces (${pins.traces.length})`}
            empty="Tick traces in the Traces panel to pin them."
            items={pins.traces.map((t) => ({
              key: t.traceId,
              text: `${t.rootName} · ${formatTime(t.start, true)} · ${t.spanCount} spans`,
              remove: () => pins.toggleTrace(t),
            }))}
          />
          <p className="text-xs text-muted">
            Copied in at save, whole: the pinned lines and traces, the timeline&apos;s series of
            this window and Spark&apos;s stage table when it has one, with the queries behind them.
            The incident keeps them after the backends drop the data.
          </p>
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => dialog.current?.close()}>Cancel</Button>
            <Button
              type="submit"
              variant="primary"
              disabled={saving || !title.trim()}
              data-testid="incident-save"
            >
              {saving ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function PinnedList({
  title,
  empty,
  items,
}: {
  title: string;
  empty: string;
  items: { key: string; text: string; remove: () => void }[];
}) {
  return (
    <div>
      <h3 className="text-sm font-medium">{title}</h3>
      {items.length ? (
        <ul className="mt-1 max-h-40 overflow-auto rounded border border-zinc-200 text-xs dark:border-zinc-800">
          {items.map((i) => (
            <li
              key={i.key}
              className="flex items-center gap-2 border-t border-zinc-100 px-2 py-1 first:border-t-0 dark:border-zinc-800"
            >
              <span className="min-w-0 flex-1 truncate font-mono" title={i.text}>
                {i.text}
              </span>
              <button
                type="button"
                onClick={i.remove}
                aria-label={`Unpin ${i.text}`}
                className="text-muted hover:text-zinc-900 dark:hover:text-white"
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted">{empty}</p>
      )}
    </div>
  );
}
