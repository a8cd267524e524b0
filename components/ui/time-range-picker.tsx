'use client';

import { useState } from 'react';
import { RANGES } from '@/lib/url/shared';
import { Button } from './button';
import { formatTime } from './format';

const toInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * Relative presets ("last 1h") and absolute from/to. Either way the URL receives absolute epoch
 * milliseconds, so the view is shareable as is.
 */
export function TimeRangePicker({
  from,
  to,
  onChange,
}: {
  from: number;
  to: number;
  onChange: (w: { from: number; to: number }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ from: toInput(from), to: toInput(to) });
  const apply = () => {
    const f = Date.parse(draft.from);
    const t = Date.parse(draft.to);
    if (Number.isFinite(f) && Number.isFinite(t) && f < t) {
      onChange({ from: f, to: t });
      setOpen(false);
    }
  };
  return (
    <div className="relative flex items-center gap-1" role="group" aria-label="Time range">
      {RANGES.map((r) => (
        <Button
          key={r.label}
          variant="ghost"
          className="px-2 text-xs"
          onClick={() => onChange({ from: Date.now() - r.ms, to: Date.now() })}
          aria-label={`Last ${r.label}`}
        >
          {r.label}
        </Button>
      ))}
      <Button
        className="font-mono text-xs"
        aria-expanded={open}
        aria-label="Absolute time range"
        onClick={() => {
          setDraft({ from: toInput(from), to: toInput(to) });
          setOpen(!open);
        }}
      >
        {formatTime(from, true)} → {formatTime(to, true)}
      </Button>
      {open ? (
        <div className="absolute top-full right-0 z-30 mt-1 w-72 space-y-2 rounded border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <label className="block text-xs">
            From
            <input
              type="datetime-local"
              className="mt-0.5 w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label className="block text-xs">
            To
            <input
              type="datetime-local"
              className="mt-0.5 w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="primary" onClick={apply}>
              Apply
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
