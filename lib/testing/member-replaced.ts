/** Values around a member's own: missing, null, wrong types, an unknown enum value. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  'x',
  'UNKNOWN',
  -1,
  1.5,
  true,
  [],
  {},
  [1],
  ['1'],
];

/**
 * A sample with each of its members in turn replaced by each of REPLACEMENTS (undefined: the
 * member left out), for tests that a check agrees with a parser whatever a member holds.
 */
export function* withMemberReplaced(
  sample: Record<string, unknown>,
): Generator<{ what: string; value: Record<string, unknown> }> {
  for (const key of Object.keys(sample))
    for (const replacement of REPLACEMENTS) {
      const value: Record<string, unknown> = { ...sample, [key]: replacement };
      if (replacement === undefined) delete value[key];
      yield { what: `${key} = ${JSON.stringify(replacement)}`, value };
    }
}
