import { describe, expect, it } from 'vitest';
import { flagText } from './flag-text';

describe('a diagnosis flag in words', () => {
  it('says what raised each flag, with its numbers', () => {
    expect(
      flagText({
        kind: 'skew',
        numbers: {
          ratio: 18,
          maxTaskMs: 10_657,
          medianTaskMs: 592,
          tasks: 16,
          threshold: 3,
          dataRatio: 86,
          maxTaskBytes: 5_528_485,
          medianTaskBytes: 64_299,
        },
      }),
    ).toBe(
      "skew: slowest task 10.7 s = 18× the median 592 ms (16 tasks; 86× the median's data, 5.3 MiB)",
    );
    expect(flagText({ kind: 'spill', numbers: { memoryBytes: 905_968_800, diskBytes: 0 } })).toBe(
      'spill: 864 MiB in memory, 0 B to disk',
    );
    expect(
      flagText({ kind: 'gc', numbers: { share: 0.107, runMs: 9101, gcMs: 974, threshold: 0.1 } }),
    ).toBe('GC: 10.7% of 9.10 s run time');
    expect(
      flagText({
        kind: 'failed',
        numbers: { failedTasks: 1, tasks: 4, attempt: 0, stageFailed: 0 },
      }),
    ).toBe('1 of 4 tasks failed');
    expect(
      flagText({
        kind: 'failed',
        numbers: { failedTasks: 0, tasks: 4, attempt: 1, stageFailed: 1 },
      }),
    ).toBe('stage attempt 1 failed');
  });
});
