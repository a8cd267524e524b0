import type { Incident, MetricSeries, Signal, Span } from '@/lib/domain/types';

/**
 * The incident as one static HTML page for a ticket or a postmortem: opens offline, inline CSS,
 * no script (its Content-Security-Policy forbids any), and every string from the incident escaped
 * — log lines and span attributes come from the backends and may hold markup.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const iso = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '—' : new Date(ms).toISOString();

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#18181b}
h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #e4e4e7}
.muted{color:#71717a}.frozen{display:inline-block;font-size:.75rem;background:#e0f2fe;color:#075985;border-radius:4px;padding:0 .4rem;margin-left:.5rem}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border-top:1px solid #e4e4e7;padding:2px 6px;text-align:left;vertical-align:top}
.mono{font-family:ui-monospace,monospace}.ERROR,.FATAL{color:#b91c1c}.WARN{color:#b45309}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f5;padding:.5rem;border-radius:4px;margin:0}
.spark{display:block;width:100%;height:60px;background:#fafafa}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}`;

const frozen = (at: number) => `<span class="frozen">frozen at ${escapeHtml(iso(at))}</span>`;

function sparkline(series: MetricSeries[], from: number, to: number): string {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (!values.length) return '<p class="muted">no values</p>';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(to - from, 1);
  const lines = series.map((s) => {
    const points = s.values
      .map((v, i) => (v === null ? undefined : ([s.start + i * s.step, v] as const)))
      .filter((p) => p !== undefined)
      .map(([t, v]) => {
        const x = ((t - from) / span) * 1000;
        const y = hi === lo ? 30 : 58 - ((v - lo) / (hi - lo)) * 56;
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      });
    return `<polyline fill="none" stroke="#0369a1" stroke-width="1.5" points="${points.join(' ')}"/>`;
  });
  return `<svg class="spark" viewBox="0 0 1000 60" preserveAspectRatio="none" role="img">${lines.join('')}</svg><p class="muted mono">min ${escapeHtml(lo)} · max ${escapeHtml(hi)}</p>`;
}

const signalBlock = (s: Signal, from: number, to: number) =>
  `<div><h3>${escapeHtml(s.title)} <span class="muted">(${escapeHtml(s.unit)})</span></h3>${sparkline(s.series, from, to)}</div>`;

function spanRows(spans: Span[]): string {
  const depth = new Map<string, number>();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = (s: Span): number => {
    const known = depth.get(s.spanId);
    if (known !== undefined) return known;
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    depth.set(s.spanId, 0);
    const d = parent ? depthOf(parent) + 1 : 0;
    depth.set(s.spanId, d);
    return d;
  };
  return [...spans]
    .sort((a, b) => a.start - b.start)
    .map(
      (s) =>
        `<tr><td style="padding-left:${6 + Math.min(depthOf(s), 20) * 14}px">${escapeHtml(s.name)}</td><td class="mono">${escapeHtml(iso(s.start))}</td><td class="mono">${escapeHtml(s.durationMs.toFixed(1))} ms</td><td>${escapeHtml(s.status)}${s.statusMessage ? ` — ${escapeHtml(s.statusMessage)}` : ''}</td></tr>`,
    )
    .join('');
}

export function incidentHtml(incident: Incident, exportedAt = Date.now()): string {
  const { scope, evidence } = incident;
  const { from, to } = scope.window;
  const parts: string[] = [];
  parts.push(
    `<h1>${escapeHtml(incident.title)}</h1>`,
    `<p class="muted">Incident <span class="mono">${escapeHtml(incident.id)}</span> · status <strong>${escapeHtml(incident.status)}</strong> · app ${escapeHtml(scope.appName ?? '')} <span class="mono">${escapeHtml(scope.appId)}</span> · window ${escapeHtml(iso(from))} → ${escapeHtml(iso(to))} · exported ${escapeHtml(iso(exportedAt))}</p>`,
  );
  if (incident.alert) {
    const a = incident.alert;
    parts.push(
      `<h2>Alert</h2><p><strong>${escapeHtml(a.name)}</strong> (${escapeHtml(a.severity ?? 'alert')}) · fingerprint <span class="mono">${escapeHtml(a.fingerprint)}</span> · onset ${escapeHtml(iso(a.onset ?? a.startsAt))}${a.endsAt ? ` · ended ${escapeHtml(iso(a.endsAt))}` : ''}</p>`,
      a.summary ? `<p>${escapeHtml(a.summary)}</p>` : '',
      `<p class="mono muted">${Object.entries(a.labels)
        .map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`)
        .join(' · ')}</p>`,
    );
  }
  parts.push(`<h2>Log lines (${evidence.logs.length})</h2>`);
  parts.push(
    evidence.logs.length
      ? `<table><tr><th>time</th><th>level</th><th>executor</th><th>message</th><th>pinned</th></tr>${evidence.logs
          .map(
            (l) =>
              `<tr><td class="mono">${escapeHtml(iso(l.entry.timestamp))}</td><td class="${escapeHtml(l.entry.level)}">${escapeHtml(l.entry.level)}</td><td>${escapeHtml(l.entry.executorId ?? '')}</td><td><pre>${escapeHtml(l.entry.message)}${l.entry.exception?.stacktrace ? `\n${escapeHtml(l.entry.exception.stacktrace)}` : ''}</pre></td><td>${frozen(l.pinnedAt)}</td></tr>`,
          )
          .join('')}</table>`
      : '<p class="muted">none pinned</p>',
  );
  parts.push(`<h2>Traces (${evidence.traces.length})</h2>`);
  for (const t of evidence.traces) {
    const trace = t.detail.trace;
    parts.push(
      `<h3>${escapeHtml(trace?.rootName ?? 'trace')} <span class="mono muted">${escapeHtml(trace?.traceId ?? t.key)}</span>${frozen(t.pinnedAt)}</h3>`,
      trace
        ? `<table><tr><th>span</th><th>start</th><th>duration</th><th>status</th></tr>${spanRows(trace.spans)}</table>`
        : '',
    );
  }
  if (evidence.timeline) {
    const tl = evidence.timeline.timeline;
    parts.push(
      `<h2>Timeline${frozen(evidence.timeline.frozenAt)}</h2><div class="grid">${tl.signals
        .map((s) => signalBlock(s, from, to))
        .join(
          '',
        )}${signalBlock({ id: 'executors', title: 'Executors', unit: 'count', series: tl.executors.count }, from, to)}</div>`,
      tl.executors.events.length
        ? `<ul>${tl.executors.events
            .map(
              (e) =>
                `<li class="mono">${escapeHtml(iso(e.at))} executor ${escapeHtml(e.executorId)} ${escapeHtml(e.kind)}${e.reason ? ` — ${escapeHtml(e.reason)}` : ''}</li>`,
            )
            .join('')}</ul>`
        : '',
    );
  }
  if (evidence.stages) {
    parts.push(
      `<h2>Stages${frozen(evidence.stages.frozenAt)}</h2><table><tr><th>stage</th><th>name</th><th>status</th><th>tasks</th><th>duration</th><th>flags</th></tr>${evidence.stages.stages.stages
        .map(
          (s) =>
            `<tr><td>${escapeHtml(s.stageId)}.${escapeHtml(s.attemptId)}</td><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.status)}</td><td>${escapeHtml(s.numTasks)}</td><td>${escapeHtml(s.durationMs === undefined ? '—' : `${s.durationMs} ms`)}</td><td>${escapeHtml(s.flags.map((f) => f.kind).join(', '))}</td></tr>`,
        )
        .join('')}</table>`,
    );
  }
  parts.push(
    `<h2>Notes (${incident.notes.length})</h2>`,
    incident.notes
      .map(
        (n) =>
          `<p class="muted">${escapeHtml(n.who)} · ${escapeHtml(iso(n.at))}</p><pre>${escapeHtml(n.text)}</pre>`,
      )
      .join('') || '<p class="muted">none</p>',
    `<h2>History</h2><ul>${incident.history
      .map(
        (h) => `<li>${escapeHtml(iso(h.at))} · ${escapeHtml(h.who)} · ${escapeHtml(h.what)}</li>`,
      )
      .join('')}</ul>`,
    `<h2>Queries the views ran</h2><ul>${incident.queries
      .map((q) => `<li>${escapeHtml(q.label)}: <span class="mono">${escapeHtml(q.url)}</span></li>`)
      .join('')}</ul>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(incident.title)} — Sparkwatch incident</title><style>${CSS}</style></head>
<body>${parts.join('\n')}</body></html>
`;
}
