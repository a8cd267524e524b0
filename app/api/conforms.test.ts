import { describe, expect, it } from 'vitest';
import { departures, responseSchema } from './conforms';

const entry = {
  id: 'a',
  index: 'spark-logs-2026.11.25',
  timestamp: 1,
  level: 'INFO',
  message: 'm',
};
const page = { entries: [entry], total: 1, totalIsExact: true, histogram: [] };
const logs = responseSchema('/api/logs');

describe('holding responses to the OpenAPI document', () => {
  it('accepts what the document describes, including a failed source (null data)', () => {
    expect(
      departures(logs, { data: page, sources: { elasticsearch: { state: 'ok', tookMs: 3 } } }),
    ).toEqual([]);
    expect(departures(logs, { data: null, sources: {} })).toEqual([]);
  });

  it('names each departure: wrong type, missing, undocumented, outside an enum', () => {
    const bad = {
      data: { ...page, total: '1', entries: [{ ...entry, level: 3, secret: 'x' }] },
      sources: { jaeger: { state: 'fine', tookMs: 1 } },
    };
    const incomplete = Object.fromEntries(
      Object.entries(page).filter(([key]) => key !== 'totalIsExact'),
    );
    expect(departures(logs, bad)).toEqual([
      '$.data: matches 0 of oneOf',
      '$.sources.jaeger.state: not in enum',
    ]);
    expect(departures(responseSchema('/api/logs'), { data: incomplete, sources: {} })).toEqual([
      '$.data: matches 0 of oneOf',
    ]);
    const schema = { $ref: '#/components/schemas/LogPage' };
    expect(departures(schema, bad.data)).toEqual([
      '$.entries[0].level: not string',
      '$.entries[0].secret: not in the document',
      '$.total: not integer',
    ]);
    expect(departures(schema, incomplete)).toEqual(['$.totalIsExact: required']);
    expect(departures({ $ref: '#/components/schemas/Sources' }, bad.sources)).toEqual([
      '$.jaeger.state: not in enum',
    ]);
  });
});
