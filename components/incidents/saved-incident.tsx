'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { AlertBanner } from '@/components/investigate/alert-banner';
import { TimelineLanes } from '@/components/investigate/timeline-panel';
import { StageRowsTable } from '@/components/stages/stage-table';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatTime } from '@/components/ui/format';
import type { Incident, IncidentLiveness, IncidentStatus } from '@/lib/domain/types';
import { INCIDENT_STATUSES } from '@/lib/domain/types';
import { sendJson } from '@/lib/queries/api';
import { incidentApi, incidentExportHref } from '@/lib/url/incidents';
import { FrozenLabel } from './frozen';
import { FrozenLogs } from './frozen-logs';
import { FrozenTrace } from './frozen-trace';
import { IncidentNotes } from './incident-notes';

export const STATUS_TONE: Record<IncidentStatus, Tone> = {
  open: 'bad',
  mitigated: 'warn',
  resolved: 'ok',
};

/**
 * A saved incident (`/i/<id>`): its frozen evidence rendered with the console's own log, trace,
 * timeline and stage components, each piece labelled frozen (and live where the backend still has
 * it), with its status, notes and history.
 */
export function SavedIncident({
  incident,
  live,
  liveUnknown,
}: {
  incident: Incident;
  live: IncidentLiveness | undefined;
  liveUnknown: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const { scope, evidence } = incident;
  const change = (method: string, path: string, body?: unknown) => {
    setError(undefined);
    startTransition(async () => {
      try {
        await sendJson(method, path, body);
        router.refresh();
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    });
  };
  const unpin = (key: string) => change('DELETE', incidentApi.evidence(incident.id, key));
  const liveView = incident.queries[0];

  return (
    <div className="space-y-4" data-testid="saved-incident" data-incident-id={incident.id}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold break-words" data-testid="saved-incident-title">
            {incident.title}
          </h1>
          <p className="text-xs text-muted">
            {scope.appName ?? scope.appId}{' '}
            {scope.appName ? <span className="font-mono">{scope.appId}</span> : null} ·{' '}
            {formatTime(scope.window.from, true)} → {formatTime(scope.window.to, true)} · saved{' '}
            {formatTime(incident.createdAt, true)}
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <Badge tone={STATUS_TONE[incident.status]}>{incident.status}</Badge>
          <label className="text-sm">
            <span className="sr-only">Status</span>
            <select
              value={incident.status}
              disabled={pending}
              data-testid="incident-status"
              onChange={(e) =>
                change('PATCH', incidentApi.one(incident.id), { status: e.target.value })
              }
              className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            >
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <a
            className="rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={incidentExportHref(incident.id, 'json')}
            data-testid="export-json"
          >
            Export JSON
          </a>
          <a
            className="rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={incidentExportHref(incident.id, 'html')}
            data-testid="export-html"
          >
            Export HTML
          </a>
        </div>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <p
        className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/40"
        data-testid="frozen-notice"
      >
        The evidence below is <strong>frozen</strong>: copied into the incident when it was saved,
        it stays whatever the backends still hold. Pieces the backends still have are marked{' '}
        <strong>live</strong>
        {liveView ? (
          <>
            ;{' '}
            <Link className="text-sky-700 underline dark:text-sky-300" href={liveView.url}>
              open the live {liveView.label}
            </Link>{' '}
            for the same app and window
          </>
        ) : null}
        .
        {liveUnknown.length ? (
          <span className="block text-xs text-muted">
            Live state unknown: {liveUnknown.join('; ')}
          </span>
        ) : null}
      </p>
      {incident.alert ? (
        <AlertBanner
          alert={incident.alert}
          when={`onset ${formatTime(incident.alert.onset ?? incident.alert.startsAt, true)}`}
        >
          <span className="font-mono text-xs text-muted">{incident.alert.fingerprint}</span>
        </AlertBanner>
      ) : null}
      {evidence.timeline ? (
        <FrozenCard testId="frozen-timeline" title="Timeline" at={evidence.timeline.frozenAt}>
          <TimelineLanes
            t={evidence.timeline.timeline}
            from={scope.window.from}
            to={scope.window.to}
          />
        </FrozenCard>
      ) : null}
      <FrozenLogs logs={evidence.logs} live={live?.logs} onUnpin={unpin} />
      {evidence.traces.map((t) => (
        <FrozenTrace key={t.key} pinned={t} live={live?.traces[t.key]} onUnpin={unpin} />
      ))}
      {evidence.stages ? (
        <FrozenCard testId="frozen-stages" title="Stages" at={evidence.stages.frozenAt}>
          <StageRowsTable
            stages={evidence.stages.stages.stages}
            appId={scope.appId}
            from={scope.window.from}
            to={scope.window.to}
          />
        </FrozenCard>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <IncidentNotes
          notes={incident.notes}
          pending={pending}
          onAdd={(text) => change('POST', incidentApi.notes(incident.id), { text })}
        />
        <Card title="History" testId="incident-history">
          <ol className="space-y-1 text-sm">
            {incident.history.map((h, i) => (
              <li key={i}>
                <span className="text-xs text-muted">{formatTime(h.at, true)}</span> ·{' '}
                <span className="font-medium">{h.who}</span> · {h.what}
              </li>
            ))}
          </ol>
        </Card>
      </div>
      <Card title="Queries the views ran" testId="incident-queries">
        <ul className="space-y-1 text-xs">
          {incident.queries.map((q, i) => (
            <li key={i} className="break-all">
              <span className="text-muted">{q.label}: </span>
              <span className="font-mono">{q.url}</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function FrozenCard({
  title,
  at,
  testId,
  children,
}: {
  title: string;
  at: number;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <Card
      testId={testId}
      title={
        <span className="flex items-center gap-2">
          {title} <FrozenLabel at={at} />
        </span>
      }
    >
      {children}
    </Card>
  );
}
