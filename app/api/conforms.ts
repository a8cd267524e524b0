import { openApiDocument } from '@/lib/api/openapi';

/**
 * Test helper: the places where a value departs from a schema of the OpenAPI document
 * (type, required, properties, additionalProperties, items, prefixItems, enum, oneOf, $ref), so
 * tests can hold real responses to the document. Properties a schema does not name are
 * departures too: the document must describe everything a route sends.
 */
type Schema = Record<string, unknown>;
const schemas = openApiDocument.components.schemas as unknown as Record<string, Schema>;

function typeOk(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

export function departures(schema: Schema, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string')
    return departures(schemas[schema.$ref.split('/').at(-1) ?? ''] ?? {}, value, at);
  if (Array.isArray(schema.oneOf)) {
    const fits = (schema.oneOf as Schema[]).filter((s) => departures(s, value, at).length === 0);
    return fits.length === 1 ? [] : [`${at}: matches ${fits.length} of oneOf`];
  }
  if (!typeOk(schema.type, value)) return [`${at}: not ${String(schema.type)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${at}: not in enum`];
  if (Array.isArray(value)) {
    const prefix = schema.prefixItems as Schema[] | undefined;
    return value.flatMap((item, i) =>
      departures(prefix?.[i] ?? (schema.items as Schema | undefined) ?? {}, item, `${at}[${i}]`),
    );
  }
  if (schema.type !== 'object' || typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const missing = ((schema.required ?? []) as string[])
    .filter((key) => !(key in record))
    .map((key) => `${at}.${key}: required`);
  return [
    ...missing,
    ...Object.entries(record).flatMap(([key, item]) => {
      const inner = properties[key] ?? (schema.additionalProperties as Schema | undefined);
      if (inner) return departures(inner, item, `${at}.${key}`);
      return schema.properties ? [`${at}.${key}: not in the document`] : [];
    }),
  ];
}

/** The 200 schema the document gives for a path's GET. */
export function responseSchema(path: string): Schema {
  const paths = openApiDocument.paths as unknown as Record<
    string,
    { get?: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }
  >;
  return paths[path]?.get?.responses['200']?.content?.['application/json']?.schema ?? {};
}
