import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkDateToMs } from './units';

/** What the console read before the hand parser, and still reads every other layout with. */
const byDateParse = (date: string) => {
  const ms = Date.parse(date.endsWith('GMT') ? `${date.slice(0, -3)}Z` : date);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
};

describe('Spark dates', () => {
  it('reads every date of the recorded Spark answers as Date.parse does', () => {
    const dir = path.join(__dirname, 'spark', 'fixtures');
    const dates = readdirSync(dir).flatMap((name) =>
      [
        ...readFileSync(path.join(dir, name), 'utf8').matchAll(/"(\d{4}-\d\d-\d\dT[\d:.]+GMT)"/g),
      ].map((m) => m[1]!),
    );
    expect(dates.length).toBeGreaterThan(100);
    for (const date of dates) expect(sparkDateToMs(date), date).toBe(byDateParse(date));
  });

  it('agrees with Date.parse on edge and broken dates', () => {
    const cases = [
      '2026-12-01T03:33:43.966GMT',
      '1969-12-31T23:59:59.999GMT', // Spark's "not yet"
      '1970-01-01T00:00:00.000GMT',
      '2024-02-29T12:00:00.000GMT',
      '2026-02-29T12:00:00.000GMT',
      '2000-02-29T00:00:00.000GMT',
      '2100-02-29T00:00:00.000GMT',
      '2026-04-31T00:00:00.000GMT',
      '2026-13-01T00:00:00.000GMT',
      '2026-00-10T00:00:00.000GMT',
      '2026-01-01T24:00:00.000GMT',
      '2026-01-01T23:60:00.000GMT',
      '2026-01-01T23:59:60.000GMT',
      '0050-01-01T00:00:00.000GMT',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00GMT',
      '2026-01-0xT00:00:00.000GMT',
      'not a date at all, 26 chars',
      '',
    ];
    for (const date of cases)
      expect(sparkDateToMs(date), date).toBe(byDateParse(date) ?? undefined);
    // Random valid dates across four centuries.
    for (let i = 0; i < 2000; i += 1) {
      const ms = Math.floor(Math.random() * 1.3e13);
      const date = new Date(ms).toISOString().replace('Z', 'GMT');
      expect(sparkDateToMs(date), date).toBe(ms > 0 ? ms : undefined);
    }
  });
});
