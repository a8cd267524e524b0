import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// getConfig and getMapping read once per process; each case loads them afresh.
async function mappingFrom(file: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sparkwatch-mapping-'));
  const name = path.join(dir, 'config.json');
  writeFileSync(name, JSON.stringify(file));
  vi.stubEnv('SPARKWATCH_CONFIG_FILE', name);
  vi.resetModules();
  return import('./mapping');
}

afterEach(() => vi.unstubAllEnvs());

describe('mapping configuration', () => {
  it("is the project's preset without a config file", async () => {
    const { getMapping, PRESET } = await mappingFrom({});
    expect(getMapping()).toEqual(PRESET);
    expect(PRESET.prometheus.appIdLabel).toBe('app_id');
    expect(PRESET.logFields.traceId).toBe('traceId');
    expect(PRESET.spanAttributes.stageId).toBe('spark.stage.id');
  });

  it('overrides single names and keeps the rest of the preset', async () => {
    const { getMapping, mapped } = await mappingFrom({
      mapping: {
        prometheus: { appIdLabel: 'application_id' },
        logFields: { traceId: 'trace.id' },
        spanAttributes: { stageId: 'stage.id' },
      },
    });
    const m = getMapping();
    expect(m.prometheus.appIdLabel).toBe('application_id');
    expect(m.prometheus.signals.length).toBeGreaterThan(3);
    expect(m.logFields).toMatchObject({ traceId: 'trace.id', appId: 'appId' });
    const options = mapped(new AbortController().signal);
    expect(options.fields.traceId).toBe('trace.id');
    expect(options.spanAttributes.stageId).toBe('stage.id');
  });

  it.each([
    [
      'a template without $selector',
      {
        prometheus: {
          signals: [{ id: 'x', title: 'x', unit: 'x', metric: 'm', template: 'vector(1)' }],
        },
      },
      'signals.0.template',
    ],
    [
      'a metric name that is PromQL',
      {
        prometheus: {
          signals: [
            { id: 'x', title: 'x', unit: 'x', metric: 'up or vector(1)', template: '$selector' },
          ],
        },
      },
      'signals.0.metric',
    ],
    [
      'a label name with a matcher in it',
      { prometheus: { appIdLabel: 'app_id=~".*"' } },
      'prometheus.appIdLabel',
    ],
    ['a misspelt key', { logFields: { traceID: 'trace.id' } }, 'logFields'],
  ])('refuses %s, naming where', async (_, mapping, where) => {
    const { getMapping } = await mappingFrom({ mapping });
    expect(() => getMapping()).toThrow(where);
  });
});
