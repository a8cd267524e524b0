/**
 * Turns the Kubernetes OpenAPI (api/openapi-spec/swagger.json of the k8s.io/kubernetes module) and
 * the Prometheus Operator's CRDs into the JSON schemas kubeconform reads with
 * `-schema-location '<out>/{{ .ResourceKind }}{{ .KindSuffix }}.json'`, one file per kind and
 * version (deployment-apps-v1.json, service-v1.json, podmonitor-monitoring-v1.json, ...).
 *
 * Each schema is standalone (the definitions it reaches are inlined under #/definitions) and
 * strict: every object that lists its properties gets additionalProperties: false, so a misspelled
 * field fails instead of being ignored. IntOrString becomes string|integer, Quantity string|number;
 * a CRD's metadata gets the real ObjectMeta instead of a bare `type: object`.
 *
 *   npx tsx scripts/deploy/k8s-schemas.ts --kubernetes <module dir> --operator <module dir> --out <dir>
 *
 * Run by scripts/deploy/install-k8s-tools.sh.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json };

const DEFINITIONS = '#/definitions/';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Validation keywords copied as they are; descriptions, formats and x-kubernetes-* are dropped. */
const KEPT = [
  'type',
  'enum',
  'const',
  'required',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

const isSchema = (value: Json | undefined): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** kubeconform's {{ .KindSuffix }} (pkg/registry/registry.go): -<group's first label>-<version>. */
export function kindSuffix(apiVersion: string): string {
  const [groupOrVersion = '', version] = apiVersion.split('/');
  const first = groupOrVersion.split('.')[0] ?? '';
  return `-${first.toLowerCase()}${version === undefined ? '' : `-${version.toLowerCase()}`}`;
}

export function schemaFileName(kind: string, apiVersion: string): string {
  return `${kind.toLowerCase()}${kindSuffix(apiVersion)}.json`;
}

function withNull(type: Json | undefined): Json | undefined {
  if (type === undefined) return undefined;
  const types = Array.isArray(type) ? type : [type];
  return types.includes('null') ? types : [...types, 'null'];
}

/**
 * One OpenAPI schema node as strict JSON schema (draft 4, kubeconform's default). `refs` collects
 * the definitions it references, to be inlined by the caller.
 */
export function convert(node: Schema, refs: Set<string>): Schema {
  const nullable = node.nullable === true || node['x-nullable'] === true;
  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith(DEFINITIONS)) throw new Error(`unsupported $ref ${node.$ref}`);
    const name = node.$ref.slice(DEFINITIONS.length);
    refs.add(name);
    const ref = { $ref: DEFINITIONS + name };
    return nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
  }

  const out: Schema = {};
  for (const key of KEPT) {
    const value = node[key];
    if (value !== undefined) out[key] = value;
  }
  const sub = (value: Json | undefined) => (isSchema(value) ? convert(value, refs) : {});

  if (isSchema(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, value]) => [name, sub(value)]),
    );
  }
  if (Array.isArray(node.items)) out.items = node.items.map(sub);
  else if (isSchema(node.items)) out.items = sub(node.items);
  if (typeof node.additionalProperties === 'boolean') {
    out.additionalProperties = node.additionalProperties;
  } else if (isSchema(node.additionalProperties)) {
    out.additionalProperties = sub(node.additionalProperties);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(sub);
  }
  if (isSchema(node.not)) out.not = sub(node.not);

  if (node.format === 'int-or-string' || node['x-kubernetes-int-or-string'] === true) {
    // The CRDs spell it anyOf [integer, string]; one type list says the same more plainly.
    out.type = ['string', 'integer'];
    delete out.anyOf;
  }
  const open = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties !== undefined && out.additionalProperties === undefined && !open) {
    out.additionalProperties = false;
  }
  if (nullable) {
    const type = withNull(out.type);
    if (type !== undefined) out.type = type;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/** The definitions of the Kubernetes OpenAPI, with the two wire types that are not what they say. */
function definitionSchema(definitions: Record<string, Schema>, name: string, refs: Set<string>) {
  if (name === INT_OR_STRING) return { type: ['string', 'integer'] };
  if (name === QUANTITY) return { type: ['string', 'number'] };
  const def = definitions[name];
  if (!def) throw new Error(`no definition ${name} in the Kubernetes OpenAPI`);
  return convert(def, refs);
}

/** A standalone schema: `root` plus every definition it reaches, transitively. */
function standalone(root: Schema, refs: Set<string>, definitions: Record<string, Schema>): Schema {
  const inlined: Record<string, Schema> = {};
  const pending = [...refs];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in inlined) continue;
    const found = new Set<string>();
    inlined[name] = definitionSchema(definitions, name, found);
    for (const ref of found) if (!(ref in inlined)) pending.push(ref);
  }
  const sorted = Object.fromEntries(Object.entries(inlined).sort(([a], [b]) => a.localeCompare(b)));
  return Object.keys(sorted).length ? { ...root, definitions: sorted } : root;
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

function kubernetesSchemas(swagger: { definitions: Record<string, Schema> }) {
  const files = new Map<string, Schema>();
  const { definitions } = swagger;
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks as unknown as GroupVersionKind[]) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const file = schemaFileName(gvk.kind, apiVersion);
      if (files.has(file)) continue;
      const refs = new Set<string>();
      files.set(file, standalone(definitionSchema(definitions, name, refs), refs, definitions));
    }
  }
  return files;
}

interface CustomResourceDefinition {
  kind?: string;
  spec?: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

function crdSchemas(crdDir: string, definitions: Record<string, Schema>) {
  const files = new Map<string, Schema>();
  for (const entry of readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f))) {
    const crd = parse(readFileSync(path.join(crdDir, entry), 'utf8')) as CustomResourceDefinition;
    if (crd.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    for (const version of crd.spec.versions) {
      const openApi = version.schema?.openAPIV3Schema;
      if (!openApi) continue;
      const refs = new Set<string>([OBJECT_META]);
      const root = convert(openApi, refs);
      if (isSchema(root.properties)) root.properties.metadata = { $ref: DEFINITIONS + OBJECT_META };
      const apiVersion = `${crd.spec.group}/${version.name}`;
      files.set(
        schemaFileName(crd.spec.names.kind, apiVersion),
        standalone(root, refs, definitions),
      );
    }
  }
  return files;
}

export function buildSchemas(options: { kubernetesDir: string; operatorDir: string }) {
  const swaggerFile = path.join(options.kubernetesDir, 'api/openapi-spec/swagger.json');
  const swagger = JSON.parse(readFileSync(swaggerFile, 'utf8')) as {
    definitions: Record<string, Schema>;
  };
  const crdDir = path.join(options.operatorDir, 'example/prometheus-operator-crd');
  return new Map([...kubernetesSchemas(swagger), ...crdSchemas(crdDir, swagger.definitions)]);
}

function main() {
  const { values } = parseArgs({
    options: {
      kubernetes: { type: 'string' },
      operator: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.kubernetes || !values.operator || !values.out) {
    throw new Error('usage: k8s-schemas.ts --kubernetes <dir> --operator <dir> --out <dir>');
  }
  const schemas = buildSchemas({ kubernetesDir: values.kubernetes, operatorDir: values.operator });
  mkdirSync(values.out, { recursive: true });
  for (const [file, schema] of schemas) {
    writeFileSync(path.join(values.out, file), JSON.stringify(schema));
  }
  console.log(`k8s-schemas: wrote ${schemas.size} schemas into ${values.out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) main();
