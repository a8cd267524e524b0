'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

const TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/** Pins one more trace by its id (copied in from Jaeger now, while it still has it). */
export function PinTraceForm({
  pending,
  onPin,
}: {
  pending: boolean;
  onPin: (traceId: string) => void;
}) {
  const [id, setId] = useState('');
  const traceId = id.trim().toLowerCase();
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!TRACE_ID.test(traceId)) return;
        onPin(traceId);
        setId('');
      }}
    >
      <label htmlFor="pin-trace-id" className="text-muted">
        Pin another trace
      </label>
      <input
        id="pin-trace-id"
        value={id}
        onChange={(e) => setId(e.target.value)}
        placeholder="trace id (32 hex digits)"
        maxLength={32}
        data-testid="pin-trace-id"
        className="w-80 rounded border border-zinc-300 bg-transparent px-2 py-1 font-mono text-xs dark:border-zinc-700"
      />
      <Button type="submit" disabled={pending || !TRACE_ID.test(traceId)}>
        Pin
      </Button>
    </form>
  );
}
