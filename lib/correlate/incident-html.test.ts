import { describe, expect, it } from 'vitest';
import { incidentBundleSchema } from '@/lib/domain/schemas';
import { droppedField } from '@/lib/domain/strict';
import type { Incident } from '@/lib/domain/types';
import { escapeHtml, incidentHtml } from './incident-html';

const SCRIPT = '<script>alert(1)</script>';
const at = Date.UTC(2026, 11, 1, 4, 0);

const incident: Incident = {
  id: 'kW3v0bnJx2Yq8d5cLr9TAg',
  title: `Input stopped ${SCRIPT}`,
  status: 'open',
  createdAt: at,
  updatedAt: at,
  alert: {
    fingerprint: '40625df97d87fc29',
    name: 'StreamingNoInput',
    state: 'active',
    startsAt: at - 60_000,
    onset: at - 120_000,
    labels: { alertname: 'StreamingNoInput', '"><img src=x onerror=alert(1)>': 'x' },
  },
  scope: {
    appId: 'app-20261201040900-0000',
    appName: 'miaradia',
    window: { from: at - 3600_000, to: at },
  },
  queries: [{ label: 'logs', url: `/api/logs?q=${encodeURIComponent(SCRIPT)}` }],
  evidence: {
    logs: [
      {
        key: 'log:spark-logs-2026.12.01/abc',
        pinnedAt: at,
        pinnedBy: 'anonymous',
        entry: {
          id: 'abc',
          index: 'spark-logs-2026.12.01',
          timestamp: at - 1000,
          level: 'ERROR',
          message: `Lost executor 1 ${SCRIPT}`,
          executorId: '1',
        },
        document: { message: `Lost executor 1 ${SCRIPT}`, '<b>': 1 },
      },
    ],
    traces: [
      {
        key: 'trace:e47ddd6ca5dc86a0983bdc6bacc56a58',
        pinnedAt: at,
        pinnedBy: 'anonymous',
        detail: {
          trace: {
            traceId: 'e47ddd6ca5dc86a0983bdc6bacc56a58',
            start: at - 5000,
            durationMs: 1200,
            rootName: `batch 642 ${SCRIPT}`,
            service: 'miaradia',
            spans: [
              {
                traceId: 'e47ddd6ca5dc86a0983bdc6bacc56a58',
                spanId: '0123456789abcdef',
                name: SCRIPT,
                service: 'miaradia',
                start: at - 5000,
                durationMs: 1200,
                attributes: { [SCRIPT]: SCRIPT },
                status: 'error',
                statusMessage: SCRIPT,
                spark: {},
              },
            ],
          },
          logs: [],
          signals: [],
        },
      },
    ],
    timeline: null,
    stages: null,
  },
  notes: [{ id: 'n1', at, who: 'anonymous', text: `See ${SCRIPT}` }],
  history: [{ at, who: SCRIPT, what: 'saved' }],
};

describe('the HTML export', () => {
  const html = incidentHtml(incident, at);

  it('keeps markup from the incident inert: escaped text, never an element', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Lost executor 1 &lt;script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;=x');
  });

  it('forbids scripts in its own policy and loads nothing from elsewhere', () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });

  it('says which evidence is frozen, and when', () => {
    expect(html).toContain(`frozen at ${new Date(at).toISOString()}`);
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('the bundle format', () => {
  const bundle = { format: 'sparkwatch-incident', version: 1, exportedAt: at, incident };
  const strict = (value: unknown) => {
    const parsed = incidentBundleSchema.safeParse(value);
    return parsed.success ? (droppedField(value, parsed.data) ?? 'ok') : parsed.error.issues[0];
  };

  it('accepts an exported bundle as it is, scripts inside strings included (they are data)', () => {
    expect(strict(JSON.parse(JSON.stringify(bundle)))).toBe('ok');
  });

  it('names an unknown field wherever it is', () => {
    const nested = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
    Object.assign(nested.incident.evidence.logs[0]!.entry, { onclick: 'x' });
    expect(strict(nested)).toBe('incident.evidence.logs[0].entry.onclick');
    expect(strict({ ...bundle, extra: 1 })).toBe('extra');
  });

  it('refuses another format, version or a wrong type', () => {
    expect(strict({ ...bundle, version: 2 })).toMatchObject({ path: ['version'] });
    expect(strict({ ...bundle, format: 'other' })).toMatchObject({ path: ['format'] });
    expect(strict({ ...bundle, incident: { ...incident, status: 'closed' } })).toMatchObject({
      path: ['incident', 'status'],
    });
  });

  it('keeps a whole log document, whatever its fields', () => {
    const doc = { a: { b: [1, { c: 'd' }] } };
    const withDoc = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
    withDoc.incident.evidence.logs[0]!.document = doc;
    expect(strict(withDoc)).toBe('ok');
  });
});
