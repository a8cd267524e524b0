'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import type { IncidentNote } from '@/lib/domain/types';
import { INCIDENT_LIMITS } from '@/lib/domain/types';

/** The incident's notes, as plain text (never markup), and a form to add one. */
export function IncidentNotes({
  notes,
  pending,
  onAdd,
}: {
  notes: IncidentNote[];
  pending: boolean;
  onAdd: (text: string) => void;
}) {
  const [text, setText] = useState('');
  const bytes = new TextEncoder().encode(text).length;
  return (
    <Card title={`Notes (${notes.length})`} testId="incident-notes">
      <ul className="mb-3 space-y-2">
        {notes.map((n) => (
          <li key={n.id} data-testid="incident-note">
            <p className="text-xs text-muted">
              {n.who} · {formatTime(n.at, true)}
            </p>
            <p className="text-sm whitespace-pre-wrap break-words">{n.text}</p>
          </li>
        ))}
      </ul>
      <form
        className="space-y-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          onAdd(text);
          setText('');
        }}
      >
        <textarea
          aria-label="New note"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          data-testid="note-text"
          className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
        />
        <div className="flex items-center justify-between text-xs text-muted">
          <span className={bytes > INCIDENT_LIMITS.noteBytes ? 'text-red-700' : ''}>
            {bytes} / {INCIDENT_LIMITS.noteBytes} bytes
          </span>
          <Button
            type="submit"
            disabled={pending || !text.trim() || bytes > INCIDENT_LIMITS.noteBytes}
            data-testid="note-add"
          >
            Add note
          </Button>
        </div>
      </form>
    </Card>
  );
}
