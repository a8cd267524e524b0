/** Values with this many space-separated options are compared option by option. */
const MANY = 6;

/**
 * For a long option list (`extraJavaOptions`, a class path), the options only one side has and
 * how many both share: a run-specific log path is then one line, not two walls of text.
 */
export function changedOptions(
  base: string | undefined,
  current: string | undefined,
): { removed: string[]; added: string[]; shared: number } | undefined {
  if (base === undefined || current === undefined) return undefined;
  const b = base.split(/\s+/).filter(Boolean);
  const c = current.split(/\s+/).filter(Boolean);
  if (b.length < MANY && c.length < MANY) return undefined;
  const inB = new Set(b);
  const inC = new Set(c);
  return {
    removed: b.filter((o) => !inC.has(o)),
    added: c.filter((o) => !inB.has(o)),
    shared: new Set(b.filter((o) => inC.has(o))).size,
  };
}
