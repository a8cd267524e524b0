import { describe, expect, it } from 'vitest';
import { quote, renderTemplate, selector, stepFor } from './promql';

describe('PromQL from parts', () => {
  it('quotes label values so they cannot break out of the matcher', () => {
    expect(quote('x"} or vector(1) #')).toBe('"x\\"} or vector(1) #"');
    expect(quote('a\\b\nc')).toBe('"a\\\\b\\nc"');
    expect(selector('spark_streaming_input_rate', { app_id: 'x"}', query: undefined })).toBe(
      'spark_streaming_input_rate{app_id="x\\"}"}',
    );
  });

  it('refuses metric and label names that are not identifiers', () => {
    expect(() => selector('up or 1', {})).toThrow(/invalid metric name/);
    expect(() => selector('up', { 'a=~"': 'x' })).toThrow(/invalid label name/);
  });

  it('renders a configured template around the selector', () => {
    expect(renderTemplate('sum by (query) ($selector)', 'm', { app_id: 'a' })).toBe(
      'sum by (query) (m{app_id="a"})',
    );
    expect(() => renderTemplate('sum(m)', 'm', {})).toThrow(/lacks \$selector/);
  });

  it('chooses a step with at most one point per pixel and never more than 11,000 points', () => {
    expect(stepFor(0, 3600_000, 600)).toBe(6);
    expect(stepFor(0, 30 * 24 * 3600_000, 20_000)).toBe(236);
    expect(stepFor(0, 1000, 600)).toBe(1);
  });
});
