import { describe, expect, it } from 'vitest';
import { answerRef, departures, documentedPath } from './conformance';

const entry = {
  id: 'a',
  index: 'spark-logs-2026.11.25',
  timestamp: 1,
  level: 'INFO',
  message: 'm',
};
const page = { entries: [entry], total: 1, totalIsExact: true, histogram: [] };

describe('holding answers to the OpenAPI document', () => {
  it('finds the documented route and its answer schema', () => {
    expect(documentedPath('/api/apps/app-1/timeline')).toBe('/api/apps/{appId}/timeline');
    expect(answerRef('/api/logs')).toBe('#/components/schemas/LogsAnswer');
    expect(answerRef('/api/alerts/webhook', 'post')).toBe('#/components/schemas/WebhookAnswer');
  });

  it('accepts what the document describes, including a failed source (null data)', () => {
    const logs = answerRef('/api/logs');
    expect(
      departures(logs, { data: page, sources: { elasticsearch: { state: 'ok', tookMs: 3 } } }),
    ).toEqual([]);
    expect(departures(logs, { data: null, sources: {} })).toEqual([]);
  });

  it('names each departure: wrong type, missing, undocumented, outside an enum', () => {
    const bad = {
      ...page,
      total: '1',
      entries: [{ ...entry, level: 3, secret: 'x' }],
    };
    const incomplete = Object.fromEntries(
      Object.entries(page).filter(([key]) => key !== 'totalIsExact'),
    );
    const logPage = '#/components/schemas/LogPage';
    expect(departures(logPage, bad).sort()).toEqual([
      '$.entries[0].level: must be string',
      '$.entries[0].secret: not in the document',
      '$.total: must be integer',
    ]);
    expect(departures(logPage, incomplete)).toEqual([
      "$: must have required property 'totalIsExact'",
    ]);
    expect(
      departures('#/components/schemas/Sources', { jaeger: { state: 'fine', tookMs: 1 } }),
    ).toEqual(['$.jaeger.state: must be equal to one of the allowed values']);
    expect(departures(answerRef('/api/logs'), { data: bad, sources: {} }).length).toBeGreaterThan(
      0,
    );
  });
});
