'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Incident } from '@/lib/domain/types';
import { sendJson } from '@/lib/queries/api';
import { incidentApi, savedIncidentHref } from '@/lib/url/incidents';

/** Upload an exported bundle (JSON); the imported incident opens at its new link. */
export function ImportBundle() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="text-sm">
      <label className="inline-flex cursor-pointer items-center gap-2 rounded border border-zinc-300 px-2.5 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        {busy ? 'Importing…' : 'Import a bundle (.json)'}
        <input
          type="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="import-bundle"
          disabled={busy}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setBusy(true);
            setError(undefined);
            try {
              const { data } = await sendJson<{ data: Incident }>(
                'POST',
                incidentApi.import,
                await file.text(),
              );
              router.push(savedIncidentHref(data.id));
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
              setBusy(false);
            }
          }}
        />
      </label>
      {error ? (
        <p role="alert" className="mt-1 text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
