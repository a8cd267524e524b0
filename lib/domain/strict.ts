/**
 * The first field of `input` that parsing dropped (zod strips unknown keys of plain objects), as
 * a path like `incident.evidence.logs[0].entry.colour`; undefined when nothing was dropped. Run on
 * a schema's input and output, it makes a whole nested schema strict without restating it.
 */
export function droppedField(input: unknown, output: unknown, path = ''): string | undefined {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      const found = droppedField(input[i], output[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(input) || !isRecord(output)) return undefined;
  for (const key of Object.keys(input)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(output, key)) return at;
    const found = droppedField(input[key], output[key], at);
    if (found) return found;
  }
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
