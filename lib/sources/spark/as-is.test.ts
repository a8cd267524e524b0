import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asIsCheck } from '@/lib/http/wire-as-is';
import { withMemberReplaced } from '@/lib/testing/member-replaced';
import { jobListWire, toJob } from './jobs';
import { stageListWire, toStage } from './stages';

const sparkDir = path.join(__dirname, 'fixtures');
const recorded = (prefix: string) =>
  readdirSync(sparkDir)
    .filter((name) => name.startsWith(prefix))
    .map((name) => JSON.parse(readFileSync(path.join(sparkDir, name), 'utf8')) as unknown)
    // Error answers are recorded there too.
    .flatMap((answer) => (Array.isArray(answer) ? answer : []));

// Each Spark list element schema with its mapping and recorded elements (every stage fixture,
// those with task quantiles included).
const lists = [
  {
    name: 'stages',
    element: stageListWire.element,
    map: toStage,
    values: recorded('spark.stages.'),
  },
  { name: 'jobs', element: jobListWire.element, map: toJob, values: recorded('spark.jobs.') },
] as const;

describe('Spark list elements read as they are (asIsCheck)', () => {
  it('says yes to what Spark recorded, and reading it as is maps the same as parsing', () => {
    for (const { name, element, map, values } of lists) {
      const check = asIsCheck(element);
      expect(check, name).toBeDefined();
      expect(values.length, name).toBeGreaterThan(3);
      for (const value of values) {
        expect(check!(value), name).toBe(true);
        expect(map(value as never), name).toEqual(map(element.parse(value) as never));
      }
    }
  });

  it('says yes only where parsing would change nothing, whatever a member is replaced with', () => {
    let refused = 0;
    for (const { name, element, map, values } of lists) {
      const check = asIsCheck(element)!;
      // A plain element, and one with task quantiles when the list has them.
      const samples = [values[0], values.find((v) => 'taskMetricsDistributions' in (v as object))];
      for (const sample of samples.filter(Boolean) as Record<string, unknown>[])
        for (const { what, value } of withMemberReplaced(sample)) {
          const parsed = element.safeParse(value);
          if (check(value)) {
            // Parsing accepts it, and answers what reading it as is does.
            expect(parsed.success, `${name}.${what}`).toBe(true);
            expect(map(value as never)).toEqual(map(parsed.data as never));
          } else refused += 1;
        }
    }
    // Not vacuous: most replacements are refused (and parsed by zod instead).
    expect(refused).toBeGreaterThan(300);
  });

  it('leaves to zod a default to fill, a fallback to use, and anything else', () => {
    const stage = stageListWire.element;
    const check = asIsCheck(stage)!;
    const sample = recorded('spark.stages.')[0] as Record<string, unknown>;
    const { numKilledTasks, ...withoutDefaulted } = sample;
    expect(numKilledTasks).toBeDefined();
    expect(check(withoutDefaulted)).toBe(false);
    expect(stage.parse(withoutDefaulted).numKilledTasks).toBe(0);
    expect(check({ ...sample, status: 'SOMETHING_NEW' })).toBe(false);
    expect(stage.parse({ ...sample, status: 'SOMETHING_NEW' }).status).toBe('PENDING');
    expect(check({ ...sample, description: null })).toBe(false);
    expect(check({ ...sample, numTasks: Number.POSITIVE_INFINITY })).toBe(false);
    // Members the schema does not name are left on the value (and stripped by parsing).
    expect(check({ ...sample, somethingElse: 1 })).toBe(true);
  });
});
