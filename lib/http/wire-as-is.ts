import type { z } from 'zod';

/** A check that a value already is what parsing it with a schema would answer (see asIsCheck). */
export type AsIs<S extends z.ZodType> = (value: unknown) => value is z.output<S>;

type Check = (value: unknown) => boolean;

/** The parts of a zod schema's definition the compiler reads. */
interface Def {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, string | number>;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The check of one schema, or undefined for a schema it cannot judge exactly. */
function compile(schema: z.ZodType): Check | undefined {
  const def = defOf(schema);
  if (def.checks?.length || def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v as string | number);
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return inner && ((v) => v === undefined || inner(v));
    }
    // The value must be there, and its fallback unused: parsing would change nothing.
    case 'default':
    case 'catch':
      return compile(def.innerType!);
    case 'array': {
      const element = compile(def.element!);
      return element && ((v) => Array.isArray(v) && v.every(element));
    }
    case 'object': {
      // A loose or strict object keeps or refuses unknown members: only a stripping one is judged.
      if (def.catchall) return undefined;
      const fields: [string, Check][] = [];
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const check = compile(field);
        if (!check) return undefined;
        fields.push([key, check]);
      }
      return (v) => isObject(v) && fields.every(([key, check]) => check(v[key]));
    }
    default:
      return undefined;
  }
}

const compiled = new WeakMap<z.ZodType, Check | null>();

/**
 * A check, made from a wire schema, that a value already has the shape parsing would answer: every
 * member the schema names there with its type (a member with a default too), an enum's value among
 * its options. Where it says yes, the value can be read as the parse result without parsing: zod
 * would answer an equal copy, and allocates several times the value to make it (a context and an
 * issue list per member), which the garbage collector then pays for on lists of thousands. Members
 * the schema does not name stay on the value: read it member by member (a mapping), do not pass it
 * on whole. Where it says no, parse with zod, which answers the value or the precise error.
 * Undefined for a schema it cannot judge exactly (refinements, transforms, unions…).
 */
export function asIsCheck<S extends z.ZodType>(schema: S): AsIs<S> | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return (check ?? undefined) as AsIs<S> | undefined;
}
