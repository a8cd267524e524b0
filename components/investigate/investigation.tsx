'use client';

import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { useCallback } from 'react';
import { PreviousRunLink } from '@/components/compare/previous-run-link';
import { LogPanel } from '@/components/logs/log-panel';
import { StageTable } from '@/components/stages/stage-table';
import { TraceTable } from '@/components/traces/trace-table';
import { CopyLink } from '@/components/ui/copy-link';
import { formatTime } from '@/components/ui/format';
import { TimeRangePicker } from '@/components/ui/time-range-picker';
import type { Alert, TraceSummary } from '@/lib/domain/types';
import { appHref, appParsers } from '@/lib/url/app';
import { batchHref } from '@/lib/url/batch';
import { incidentHref } from '@/lib/url/incident';
import { type Filters, filtersOf } from '@/lib/url/shared';
import { AlertIncidents } from '@/components/incidents/alert-incidents';
import { IncidentList } from '@/components/incidents/incident-list';
import { PinsProvider } from '@/components/incidents/pins';
import { SaveIncident } from '@/components/incidents/save-incident';
import { AlertBanner } from './alert-banner';
import { CoveragePanel } from './coverage-panel';
import { TimelinePanel } from './timeline-panel';

export interface InvestigationProps {
  appId: string;
  appName?: string | undefined;
  /** The window used when the URL has none (an alert's padded window, or the last hour). */
  defaultWindow: { from: number; to: number };
  alert?: Alert | undefined;
  /** Which page this is, for the links it hands out. */
  view: 'app' | 'incident';
}

/**
 * An app's evidence over one window: timeline lanes, logs and traces, all scoped by the same URL
 * state (window, stage, batch, executor, level, text) — the incident view and the app page.
 */
export function Investigation({ appId, appName, defaultWindow, alert, view }: InvestigationProps) {
  // The app page's parsers are the investigation's own state; the incident view adds only the
  // alert and app, which this component never changes.
  const [state, setState] = useQueryStates(appParsers, { history: 'push' });
  const from = state.from ?? defaultWindow.from;
  const to = state.to ?? defaultWindow.to;
  // Stable handlers: the memoised timeline lanes then skip re-rendering on filter changes.
  const setFilter = useCallback((f: Partial<Filters>) => void setState(f), [setState]);
  const onZoom = useCallback((w: { from: number; to: number }) => void setState(w), [setState]);
  const onSelectBatch = useCallback(
    (b: TraceSummary) =>
      void setState({ batchId: b.spark.batchId ? Number(b.spark.batchId) : null, stageId: null }),
    [setState],
  );
  const filters = filtersOf(state);
  const link = () => {
    const shown = { appName: appName ?? null, from, to, ...filters };
    const href =
      view === 'incident'
        ? incidentHref({ ...shown, appId, alert: alert?.fingerprint ?? null })
        : appHref(appId, shown);
    return `${window.location.origin}${href}`;
  };

  return (
    <PinsProvider>
      <div
        className="space-y-4"
        data-testid="investigation"
        data-app-id={appId}
        data-from={from}
        data-to={to}
      >
        <div className="flex flex-wrap items-center gap-3">
          <div className="min-w-0">
            <h1 className="text-xl font-semibold">
              {appName ?? appId}
              {appName ? (
                <span className="ml-2 font-mono text-sm font-normal text-muted">{appId}</span>
              ) : null}
            </h1>
            <p className="text-xs text-muted" data-testid="window-label">
              {formatTime(from, true)} → {formatTime(to, true)}
            </p>
          </div>
          <div className="ml-auto flex flex-wrap items-center gap-2">
            {view === 'app' ? <PreviousRunLink appId={appId} /> : null}
            <TimeRangePicker from={from} to={to} onChange={(w) => void setState(w)} />
            <CopyLink build={link} />
            <SaveIncident
              view={view}
              appId={appId}
              appName={appName}
              alert={alert}
              window={{ from, to }}
              filters={filters}
            />
          </div>
        </div>
        {alert ? (
          <>
            <AlertBanner alert={alert} when={`since ${formatTime(alert.startsAt, true)}`} />
            <AlertIncidents fingerprint={alert.fingerprint} />
          </>
        ) : null}
        <TimelinePanel
          appId={appId}
          appName={appName}
          from={from}
          to={to}
          selectedBatch={state.batchId}
          onZoom={onZoom}
          onSelectBatch={onSelectBatch}
        />
        {state.batchId != null ? (
          <p className="text-sm" data-testid="selected-batch">
            Batch {state.batchId} selected:{' '}
            <Link
              className="text-sky-700 underline dark:text-sky-400"
              href={batchHref(appId, state.batchId, { appName: appName ?? null })}
              data-testid="batch-page-link"
            >
              its progress, jobs, stages, logs and trace on one page
            </Link>
          </p>
        ) : null}
        {view === 'app' ? <StageTable appId={appId} from={from} to={to} /> : null}
        <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
          <LogPanel scope={{ appId, from, to, ...filters }} onFilter={setFilter} />
          <TraceTable
            scope={{ appId, appName, from, to, stageId: state.stageId, batchId: state.batchId }}
          />
        </div>
        {view === 'app' ? (
          <>
            <IncidentList appId={appId} title="Incidents of this app" />
            <CoveragePanel appId={appId} appName={appName} from={from} to={to} />
          </>
        ) : null}
      </div>
    </PinsProvider>
  );
}
