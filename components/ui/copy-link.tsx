'use client';

import { useState } from 'react';
import { Button } from './button';

/** Copies an absolute link (absolute times included by the caller) and shows it for copying by hand. */
export function CopyLink({ build }: { build: () => string }) {
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    const link = build();
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // Clipboard access can be refused (insecure context); the link is shown below for copying.
    }
    setCopied(link);
  };
  return (
    <div className="flex items-center gap-2">
      <Button onClick={() => void copy()} data-testid="copy-link">
        Copy link
      </Button>
      {copied ? (
        <input
          readOnly
          aria-label="Copied link"
          data-testid="copied-link"
          value={copied}
          className="w-64 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          onFocus={(e) => e.currentTarget.select()}
        />
      ) : null}
    </div>
  );
}
