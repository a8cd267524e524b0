import { describe, expect, it } from 'vitest';
import {
  incidentApi,
  incidentExportHref,
  incidentsHref,
  loadIncidentsSearch,
  savedIncidentHref,
} from './incidents';

describe('incident URLs', () => {
  it('round-trips the list page search, dropping a status it does not know', () => {
    const href = incidentsHref({ q: 'lost executor & <oom>', appId: 'app-1', status: 'mitigated' });
    const url = new URL(href, 'http://console.test');
    expect(url.pathname).toBe('/incidents');
    expect(loadIncidentsSearch(url.searchParams)).toEqual({
      q: 'lost executor & <oom>',
      appId: 'app-1',
      status: 'mitigated',
    });
    expect(loadIncidentsSearch(new URLSearchParams('status=closed')).status).toBeNull();
    expect(incidentsHref()).toBe('/incidents');
  });

  it('escapes an id in every path it builds', () => {
    expect(savedIncidentHref('kW3v0bnJx2Yq8d5cLr9TAg')).toBe('/i/kW3v0bnJx2Yq8d5cLr9TAg');
    expect(savedIncidentHref('../x?y')).toBe('/i/..%2Fx%3Fy');
    expect(incidentExportHref('a/b', 'html')).toBe('/api/incidents/a%2Fb/export?format=html');
    expect(incidentApi.evidence('id', 'log:spark-logs-x/a b')).toBe(
      '/api/incidents/id/evidence?key=log%3Aspark-logs-x%2Fa%20b',
    );
  });
});
