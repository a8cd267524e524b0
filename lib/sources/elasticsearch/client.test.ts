import { describe, expect, it } from 'vitest';
import { callOptions } from './client';

describe('Elasticsearch call options', () => {
  it('waits before its one retry as the other backends do, not the client’s 1–2 s', () => {
    const { retryBackoff } = callOptions();
    // The client's own backoff answers 1–2 s for the first retry.
    for (let i = 0; i < 100; i += 1) {
      const seconds = retryBackoff();
      expect(seconds).toBeGreaterThanOrEqual(0.05);
      expect(seconds).toBeLessThanOrEqual(0.2);
    }
    expect(callOptions(undefined, 0)).toMatchObject({ maxRetries: 0 });
  });
});
