/**
 * The shapes of Grafana's provisioning files (apiVersion 1, as documented under "Provision
 * Grafana": data sources and dashboard providers) and of Kibana's saved-objects NDJSON, strict so
 * that a misspelled key is an error, plus Grafana's `$VAR` / `${VAR}` / `$$` expansion of those
 * files. No Grafana or Kibana runs on the machines we test on; this is what can be checked here.
 */
import { parse } from 'yaml';
import { z } from 'zod';

const jsonData = z.record(z.string(), z.unknown());

export const datasourcesFileSchema = z
  .object({
    apiVersion: z.literal(1),
    deleteDatasources: z
      .array(z.object({ name: z.string(), orgId: z.number() }).strict())
      .optional(),
    prune: z.boolean().optional(),
    datasources: z.array(
      z
        .object({
          name: z.string().min(1),
          uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
          type: z.enum(['prometheus', 'alertmanager', 'elasticsearch', 'jaeger', 'loki', 'tempo']),
          access: z.enum(['proxy', 'direct']),
          url: z.string().min(1),
          orgId: z.number().optional(),
          isDefault: z.boolean().optional(),
          editable: z.boolean().optional(),
          basicAuth: z.boolean().optional(),
          basicAuthUser: z.string().optional(),
          user: z.string().optional(),
          database: z.string().optional(),
          withCredentials: z.boolean().optional(),
          version: z.number().optional(),
          jsonData: jsonData.optional(),
          secureJsonData: z.record(z.string(), z.string()).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const dashboardProvidersFileSchema = z
  .object({
    apiVersion: z.literal(1),
    providers: z.array(
      z
        .object({
          name: z.string().min(1),
          orgId: z.number().optional(),
          folder: z.string().optional(),
          folderUid: z.string().optional(),
          type: z.literal('file'),
          disableDeletion: z.boolean().optional(),
          allowUiUpdates: z.boolean().optional(),
          updateIntervalSeconds: z.number().optional(),
          options: z
            .object({ path: z.string().min(1), foldersFromFilesStructure: z.boolean().optional() })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * A provisioning file as Grafana reads it: YAML first, then `$VAR` / `${VAR}` in every string value
 * expanded from the environment (Grafana's `values` types do it per value, so comments are left
 * alone); `$$` is a literal `$`. An unset variable throws.
 */
export function readProvisioning(text: string, env: Record<string, string | undefined>): unknown {
  const expand = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        if (match === '$$') return '$';
        const name = (braced ?? bare)!;
        const value = env[name];
        if (value === undefined) throw new Error(`provisioning reads ${name}, which is not set`);
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(expand);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, expand(v)]));
    return node;
  };
  return expand(parse(text));
}

/** The inverse for values written into a provisioning file: every `$` doubled, so none expands. */
export function escapeProvisioning(node: unknown): unknown {
  if (typeof node === 'string') return node.replaceAll('$', '$$$$');
  if (Array.isArray(node)) return node.map(escapeProvisioning);
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, escapeProvisioning(v)]));
  return node;
}

const savedObject = z.object({
  id: z.string().min(1),
  type: z.enum(['index-pattern', 'search']),
  attributes: z.record(z.string(), z.unknown()),
  references: z.array(z.object({ id: z.string(), name: z.string(), type: z.string() }).strict()),
  coreMigrationVersion: z.string(),
  typeMigrationVersion: z.string(),
  managed: z.boolean(),
});

export const dataViewAttributes = z
  .object({
    title: z.string(),
    name: z.string(),
    timeFieldName: z.string(),
    allowNoIndex: z.boolean(),
    fields: z.string(),
    fieldAttrs: z.string(),
    fieldFormatMap: z.string(),
    runtimeFieldMap: z.string(),
    sourceFilters: z.string(),
    typeMeta: z.string(),
  })
  .strict();

export const searchAttributes = z
  .object({
    title: z.string(),
    description: z.string(),
    columns: z.array(z.string()),
    sort: z.array(z.tuple([z.string(), z.enum(['asc', 'desc'])])),
    grid: z.object({}),
    hideChart: z.boolean(),
    isTextBasedQuery: z.boolean(),
    timeRestore: z.boolean(),
    kibanaSavedObjectMeta: z.object({ searchSourceJSON: z.string() }).strict(),
  })
  .strict();

export type SavedObject = z.infer<typeof savedObject>;

export function parseSavedObjects(ndjson: string): SavedObject[] {
  return ndjson
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => savedObject.parse(JSON.parse(line)));
}
