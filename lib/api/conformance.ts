import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { openApiDocument } from './openapi';

/**
 * Holds real answers to the OpenAPI document (for tests): each documented route's 200 answer is
 * validated by ajv against the schema the document names for it, which is generated from the same
 * zod schemas as the types. A property the document does not name is a departure too.
 */
const ROOT = 'sparkwatch-openapi';
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema({ $id: ROOT, components: openApiDocument.components });

type Operation = {
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
const paths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;

/** The documented path matching a concrete pathname (`/api/apps/app-1/timeline`). */
export function documentedPath(pathname: string): string | undefined {
  return Object.keys(paths).find((p) =>
    new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`).test(pathname),
  );
}

function validatorOf(ref: string): ValidateFunction {
  const validate = ajv.getSchema(`${ROOT}${ref}`);
  if (!validate) throw new Error(`no schema ${ref} in the OpenAPI document`);
  return validate;
}

/** The schema reference of a route's 200 (or 201) answer, e.g. `#/components/schemas/LogsAnswer`. */
export function answerRef(path: string, method = 'get'): string {
  const responses = paths[path]?.[method]?.responses;
  const ref = (responses?.['200'] ?? responses?.['201'])?.content?.['application/json']?.schema
    ?.$ref;
  if (!ref) throw new Error(`${method.toUpperCase()} ${path} documents no JSON answer`);
  return ref;
}

/** Where a value departs from a schema of the document: `<path>: <reason>`, empty when it conforms. */
export function departures(ref: string, value: unknown): string[] {
  const validate = validatorOf(ref);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = `$${e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
    const extra = e.params as { additionalProperty?: string };
    return extra.additionalProperty
      ? `${where}.${extra.additionalProperty}: not in the document`
      : `${where}: ${e.message ?? e.keyword}`;
  });
}
