import type { Metadata } from 'next';
import { ImportBundle } from '@/components/incidents/import-bundle';
import { IncidentList } from '@/components/incidents/incident-list';
import { INCIDENT_STATUSES } from '@/lib/domain/types';
import { patterns } from '@/lib/domain/ids';
import { loadIncidentsSearch } from '@/lib/url/incidents';
import type { SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'Incidents' };
export const dynamic = 'force-dynamic';

/** Saved incidents: a search over titles and notes, by app and status; import of a bundle. */
export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const state = loadIncidentsSearch(await searchParams);
  const q = state.q?.slice(0, 500) || undefined;
  const appId = state.appId && patterns.appId.test(state.appId) ? state.appId : undefined;
  const status = state.status ?? undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Incidents</h1>
        <form
          className="flex flex-1 flex-wrap items-center gap-2"
          action="/incidents"
          role="search"
        >
          <input
            name="q"
            defaultValue={q ?? ''}
            aria-label="Search incidents"
            placeholder="Search titles and notes"
            maxLength={500}
            className="min-w-64 flex-1 rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          />
          {appId ? <input type="hidden" name="appId" value={appId} /> : null}
          <select
            name="status"
            defaultValue={status ?? ''}
            aria-label="Status"
            className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">any status</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="rounded border border-zinc-300 px-2.5 py-1 text-sm dark:border-zinc-700"
          >
            Search
          </button>
        </form>
        <ImportBundle />
      </div>
      <IncidentList
        q={q}
        appId={appId}
        status={status}
        title={appId ? `Incidents of ${appId}` : 'Saved incidents'}
      />
    </div>
  );
}
