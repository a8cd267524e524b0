import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withMemberReplaced } from '@/lib/testing/member-replaced';
import { asIsCheck } from './wire-as-is';

// A schema of the kinds Spark's list elements use: defaults, a fallback, optional members, an
// enum, arrays and nested objects.
const element = z.object({
  status: z.enum(['ACTIVE', 'COMPLETE']).catch('ACTIVE'),
  id: z.number(),
  count: z.number().default(0),
  name: z.string(),
  description: z.string().optional(),
  flag: z.boolean().default(false),
  values: z.array(z.number()),
  nested: z.object({ bytes: z.array(z.number()) }).optional(),
});
const sample = {
  status: 'COMPLETE',
  id: 3,
  count: 7,
  name: 'stage 3',
  description: 'count at x.py:12',
  flag: true,
  values: [1, 2.5],
  nested: { bytes: [0, 1024] },
  unread: { many: 'members' },
};
const without = (value: object, ...keys: string[]) =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));

describe('a wire value read as it is', () => {
  it('says yes to a value of the schema’s shape, unread members and all', () => {
    const check = asIsCheck(element)!;
    expect(check(sample)).toBe(true);
    expect(check(without(sample, 'description', 'nested'))).toBe(true);
  });

  it('says yes only where parsing would change nothing, whatever a member is replaced with', () => {
    const check = asIsCheck(element)!;
    const strip = (v: unknown) => JSON.parse(JSON.stringify(element.parse(v))) as unknown;
    let refused = 0;
    for (const { what, value } of withMemberReplaced(sample))
      if (check(value)) {
        // Parsing accepts it and answers the value itself, less the members it does not name.
        expect(element.safeParse(value).success, what).toBe(true);
        expect(strip(value)).toEqual(without(value, 'unread'));
      } else refused += 1;
    // Not vacuous: most replacements are refused (and parsed by zod instead).
    expect(refused).toBeGreaterThan(40);
  });

  it('leaves to zod a default to fill, a fallback to use, and anything else', () => {
    const check = asIsCheck(element)!;
    const withoutCount = without(sample, 'count');
    expect(check(withoutCount)).toBe(false);
    expect(element.parse(withoutCount).count).toBe(0);
    expect(check({ ...sample, status: 'SOMETHING_NEW' })).toBe(false);
    expect(element.parse({ ...sample, status: 'SOMETHING_NEW' }).status).toBe('ACTIVE');
    expect(check({ ...sample, description: null })).toBe(false);
    expect(check({ ...sample, id: Number.POSITIVE_INFINITY })).toBe(false);
    expect(check({ ...sample, nested: { bytes: [1, 'two'] } })).toBe(false);
  });

  it('judges no schema it cannot judge exactly', () => {
    const object = z.object({ a: z.number() });
    for (const schema of [
      z.string().min(1),
      z.number().int(),
      z.coerce.number(),
      z.union([z.string(), z.number()]),
      z.string().transform((s) => s.length),
      z.looseObject({ a: z.number() }),
      z.strictObject({ a: z.number() }),
      object.refine((o) => o.a > 0),
      z.object({ nested: z.object({ a: z.number().min(0) }) }),
      z.array(z.number()).min(1),
    ])
      expect(asIsCheck(schema)).toBeUndefined();
    expect(asIsCheck(object)).toBeDefined();
    expect(asIsCheck(object)!({ a: 1 })).toBe(true);
    expect(asIsCheck(object)!([1])).toBe(false);
    expect(asIsCheck(object)!(null)).toBe(false);
  });
});
