/**
 * Checks of docker-compose.yml that need no Docker engine: interpolation as Compose does it
 * (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`), the
 * Compose specification's JSON schema, and the references a schema cannot see (services named in
 * depends_on, named volumes, files mounted from the repository, health checks).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

export type Env = Readonly<Record<string, string | undefined>>;

const VARIABLE =
  /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** One string interpolated as Compose does; a `?` variable that is unset throws its message. */
export function interpolateString(text: string, env: Env): string {
  return text.replace(
    VARIABLE,
    (match, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare)!;
      const value = env[name];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('-')) return unset ? (arg ?? '') : value!;
      if (op?.endsWith('?')) {
        if (unset) throw new Error(`required variable ${name} is missing: ${arg ?? ''}`);
        return value!;
      }
      return value ?? '';
    },
  );
}

/** Interpolates every string of a parsed compose document (keys stay as written). */
export function interpolate(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolateString(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolate(item, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)]));
  }
  return node;
}

/** Parses a dotenv file (KEY=value lines, # comments) the way Compose reads `.env`. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

/** Secrets .env.example leaves empty, for each user to generate: compose refuses to start without. */
export const GENERATED_SECRETS = [
  'ALERTS_WEBHOOK_TOKEN',
  'ELASTIC_PASSWORD',
  'FLUENT_BIT_ES_PASSWORD',
  'GRAFANA_ES_PASSWORD',
  'KIBANA_SYSTEM_PASSWORD',
] as const;

/** `.env.example` as a filled-in `.env` has it: each generated secret set to a test value. */
export function withGeneratedSecrets(example: Record<string, string>): Record<string, string> {
  const filled = { ...example };
  for (const name of GENERATED_SECRETS)
    filled[name] ||= `${name.toLowerCase().replaceAll('_', '-')}-0123456789abcdef`;
  return filled;
}

export function loadCompose(text: string, env: Env): Record<string, unknown> {
  const doc: unknown = parse(text, { merge: true });
  if (!doc || typeof doc !== 'object') throw new Error('the compose file is not a YAML mapping');
  return interpolate(doc, env) as Record<string, unknown>;
}

/** Schema errors as "path: message" lines; empty when the document is valid. */
export function schemaErrors(doc: unknown, schema: object): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  // compose-spec.json names draft-07 by an https URI that Ajv does not alias; the draft is Ajv's default.
  const body: Record<string, unknown> = { ...schema };
  delete body.$schema;
  const validate = ajv.compile(body);
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

interface Service {
  depends_on?: Record<string, unknown> | string[];
  volumes?: (string | { type?: string; source?: string })[];
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
}

/** Services that run without a health check, and why (checked so the list stays honest). */
export const NO_HEALTHCHECK: Readonly<Record<string, string>> = {
  'fluent-bit': 'distroless image: no shell or client to probe with',
  'rides-producer': 'a pipe into kafka-console-producer; Kafka has the health check',
};

/** References the schema cannot check; `root` is the folder the compose file sits in. */
export function referenceErrors(doc: Record<string, unknown>, root: string): string[] {
  const errors: string[] = [];
  const services = (doc.services ?? {}) as Record<string, Service>;
  const volumes = new Set(Object.keys((doc.volumes ?? {}) as object));
  for (const [name, service] of Object.entries(services)) {
    const deps = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dep of deps) {
      if (!(dep in services)) errors.push(`${name}: depends_on names an unknown service "${dep}"`);
    }
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
      if (source.startsWith('.') || source.startsWith('/')) {
        if (!existsSync(path.resolve(root, source))) {
          errors.push(`${name}: mounts ${source}, which does not exist`);
        }
      } else if (source && !volumes.has(source)) {
        errors.push(`${name}: uses volume "${source}", which is not declared under volumes`);
      }
    }
    const oneShot = service.restart === 'no';
    if (!oneShot && !service.healthcheck?.test && !(name in NO_HEALTHCHECK)) {
      errors.push(`${name}: a long-running service without a health check`);
    }
    if (service.healthcheck?.test && name in NO_HEALTHCHECK) {
      errors.push(`${name}: has a health check now; take it off NO_HEALTHCHECK`);
    }
  }
  return errors;
}

/** Host ports published by the compose file (on every interface or one), as their variables. */
export function publishedPortVariables(text: string): string[] {
  return [...text.matchAll(/'(?:[\d.]+:)?\$\{([A-Z_]+):-\d+\}:\d+'/g)].map((m) => m[1]!);
}
