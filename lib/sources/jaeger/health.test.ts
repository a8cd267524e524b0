import { describe, expect, it } from 'vitest';
import { parseJaegerVersion } from './health';

describe('parseJaegerVersion', () => {
  it('reads the version the query service injects into its index page', () => {
    const html =
      '<pre>JAEGER_CONFIG = DEFAULT_CONFIG;\nJAEGER_VERSION = {"gitCommit":"abc","gitVersion":"v2.13.0","buildDate":""};</pre>';
    expect(parseJaegerVersion(html)).toBe('v2.13.0');
  });

  it('returns undefined when the page carries no version', () => {
    expect(parseJaegerVersion('JAEGER_VERSION = DEFAULT_VERSION;')).toBeUndefined();
    expect(parseJaegerVersion('JAEGER_VERSION = {"gitVersion":""};')).toBeUndefined();
  });
});
