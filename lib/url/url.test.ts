import { describe, expect, it } from 'vitest';
import { appHref, loadAppSearch } from './app';
import { incidentHref, loadIncidentSearch } from './incident';
import { logsHref } from './logs';
import { traceHref, tracesHref } from './traces';

describe('page URLs', () => {
  it('round-trips the app page state through its link, absolute times included', () => {
    const state = {
      appName: 'miaradia-streaming',
      from: 1_764_554_400_000,
      to: 1_764_558_000_000,
      stageId: 3,
      level: 'ERROR,WARN',
    };
    const href = appHref('app-20261125021704-0000', state);
    expect(href.startsWith('/apps/app-20261125021704-0000?')).toBe(true);
    const url = new URL(href, 'http://console.test');
    expect(loadAppSearch(url.searchParams)).toMatchObject(state);
  });

  it('leaves out empty values and escapes what it carries', () => {
    expect(appHref('app-1', { appName: null, stageId: null })).toBe('/apps/app-1');
    expect(appHref('a/b?c')).toBe('/apps/a%2Fb%3Fc');
    const href = logsHref({ q: 'a&b=c #d', appId: 'app-1' });
    expect(new URL(href, 'http://console.test').searchParams.get('q')).toBe('a&b=c #d');
    expect(traceHref('0af7651916cd43dd8448eb211c80319c')).toBe(
      '/traces/0af7651916cd43dd8448eb211c80319c',
    );
    expect(tracesHref({ appId: 'app-1', batchId: 7 })).toBe('/traces?appId=app-1&batchId=7');
  });

  it('names the app the same way on the app page and the incident view', () => {
    const incident = new URL(
      incidentHref({ alert: 'a1b2c3d4e5f60718', appId: 'app-1', appName: 'm' }),
      'http://console.test',
    );
    const app = new URL(appHref('app-1', { appName: 'm' }), 'http://console.test');
    expect(incident.searchParams.get('appName')).toBe('m');
    expect(app.searchParams.get('appName')).toBe('m');
    expect(loadIncidentSearch(incident.searchParams).alert).toBe('a1b2c3d4e5f60718');
  });
});
