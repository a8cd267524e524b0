import 'server-only';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { APP_PATTERN, ROLES, type Role } from '@/lib/domain/access';

/**
 * Every setting of the console, read once from the environment (and an optional JSON file named
 * by SPARKWATCH_CONFIG_FILE). This is the only module that reads process.env.
 */

/** An http(s) URL without its trailing slashes. */
const httpUrl = (error?: string) =>
  z.url({ protocol: /^https?$/, error }).transform((value) => value.replace(/\/+$/, ''));

const url = (name: string, fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(httpUrl(`${name} must be an http(s) URL`));

const millis = (fallback: number) =>
  z.coerce.number().int().min(100).max(300_000).default(fallback);

const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const envSchema = z.object({
  PROMETHEUS_URL: url('PROMETHEUS_URL', 'http://127.0.0.1:9090'),
  PROMETHEUS_TIMEOUT_MS: millis(10_000),
  ALERTMANAGER_URL: url('ALERTMANAGER_URL', 'http://127.0.0.1:9093'),
  ALERTMANAGER_TIMEOUT_MS: millis(5_000),
  ELASTICSEARCH_URL: url('ELASTICSEARCH_URL', 'http://127.0.0.1:9200'),
  ELASTICSEARCH_API_KEY: optionalSecret,
  ELASTICSEARCH_USERNAME: optionalSecret,
  ELASTICSEARCH_PASSWORD: optionalSecret,
  ELASTICSEARCH_TIMEOUT_MS: millis(10_000),
  ES_LOG_INDEX: z
    .string()
    .trim()
    .default('spark-logs-*')
    .pipe(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9._*,-]{0,254}$/,
          'ES_LOG_INDEX must be a lowercase index name or pattern',
        ),
    ),
  ES_CONSOLE_INDEX_PREFIX: z
    .string()
    .trim()
    .default('sparkwatch')
    .pipe(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9_-]{0,100}$/,
          'ES_CONSOLE_INDEX_PREFIX must be a lowercase index name prefix',
        ),
    ),
  JAEGER_URL: url('JAEGER_URL', 'http://127.0.0.1:16686'),
  JAEGER_TIMEOUT_MS: millis(10_000),
  /**
   * Jaeger's gRPC query API, for trace searches (`none`: search over HTTP only). A search there
   * costs Jaeger a third of the CPU of its HTTP JSON answer, and filters by span attributes on
   * every Jaeger v2.
   */
  JAEGER_GRPC_URL: z
    .string()
    .trim()
    .default('http://127.0.0.1:16685')
    .pipe(
      z.union([z.literal('none'), httpUrl()], {
        error: 'JAEGER_GRPC_URL must be an http(s) URL or none',
      }),
    ),
  /** Spark's History Server (monitoring REST API `/api/v1`), for jobs, stages and finished apps. */
  SPARK_HISTORY_URL: url('SPARK_HISTORY_URL', 'http://127.0.0.1:18080'),
  SPARK_TIMEOUT_MS: millis(10_000),
  /** Upper bound of one backend response body; bigger answers fail with a clear error. */
  UPSTREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  /** Ask backends for compressed answers (worth it only when they sit behind a slow link). */
  UPSTREAM_COMPRESSION: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Public base URL of the console, used in links it hands out (alerts, copied incident links). */
  CONSOLE_PUBLIC_URL: url('CONSOLE_PUBLIC_URL', 'http://localhost:3000'),
  SPARKWATCH_CONFIG_FILE: z.string().trim().optional(),
  /** How callers sign in: local accounts, an OIDC provider, a trusted proxy's headers, or nobody. */
  AUTH_MODE: z
    .enum(['local', 'oidc', 'header', 'none'], {
      error: 'AUTH_MODE must be local, oidc, header or none',
    })
    .default('local'),
  /** Key of the session cookies (and of other signed values); every replica gets the same one. */
  SPARKWATCH_SECRET: optionalSecret.pipe(
    z.string().min(32, 'SPARKWATCH_SECRET must be at least 32 characters').optional(),
  ),
  AUTH_SESSION_HOURS: z.coerce
    .number()
    .min(0.05)
    .max(24 * 30)
    .default(12),
  AUTH_LOCAL_USERS: z.string().trim().optional(),
  AUTH_ROLE_MAP: z.string().trim().optional(),
  /** The same JSON in a file (compose and Kubernetes mount deploy/keycloak/role-map.json). */
  AUTH_ROLE_MAP_FILE: z.string().trim().optional(),
  AUTH_OIDC_ISSUER: z
    .string()
    .trim()
    .optional()
    .pipe(httpUrl('AUTH_OIDC_ISSUER must be an http(s) URL').optional()),
  AUTH_OIDC_CLIENT_ID: z.string().trim().optional(),
  /** Where the console itself reaches the issuer when browsers use another address (compose). */
  AUTH_OIDC_BACKCHANNEL_URL: z
    .string()
    .trim()
    .optional()
    .pipe(httpUrl('AUTH_OIDC_BACKCHANNEL_URL must be an http(s) URL').optional()),
  AUTH_OIDC_CLIENT_SECRET: optionalSecret,
  AUTH_OIDC_SCOPES: z.string().trim().default('openid profile email'),
  AUTH_OIDC_GROUPS_CLAIM: z.string().trim().default('groups'),
  AUTH_OIDC_NAME: z.string().trim().max(60).default('OIDC'),
  AUTH_HEADER_USER: z.string().trim().toLowerCase().default('x-forwarded-user'),
  AUTH_HEADER_GROUPS: z.string().trim().toLowerCase().default('x-forwarded-groups'),
  AUTH_TRUSTED_PROXIES: z.string().trim().optional(),
  /** The bearer token Alertmanager sends to /api/alerts/webhook; unset, the webhook refuses all. */
  ALERTS_WEBHOOK_TOKEN: z
    .string()
    .trim()
    .min(16, 'ALERTS_WEBHOOK_TOKEN must be at least 16 characters')
    .optional(),
  /** Backend-bound API requests served at once by this process, and per caller (lib/api/limits.ts). */
  API_MAX_CONCURRENT: z.coerce.number().int().min(1).max(10_000).default(16),
  API_MAX_CONCURRENT_PER_CALLER: z.coerce.number().int().min(1).max(10_000).default(4),
  /** Requests that may wait for a slot; more are refused at once with 429. */
  API_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(32),
  /** How long a request waits for a slot before it is refused with 429. */
  API_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
});

export type Env = z.infer<typeof envSchema>;

/** A local account: the password only as `scrypt$<N>$<salt b64url>$<hash b64url>`. */
const localUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, 'not a user name'),
  passwordHash: z
    .string()
    .regex(/^scrypt\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'not a scrypt hash'),
  groups: z.array(z.string().min(1).max(200)).max(100).default([]),
});

/** A group (OIDC claim, proxy header, local account) grants a role, optionally on some apps only. */
const roleGrant = z.object({
  group: z.string().min(1).max(200),
  role: z.enum(ROLES),
  apps: z
    .array(z.string().regex(APP_PATTERN, 'app patterns are letters, digits, . _ - and *'))
    .min(1)
    .optional(),
});

export type RoleGrant = { group: string; role: Role; apps?: string[] };

/** Without AUTH_ROLE_MAP a group named like a role grants it on every app. */
const DEFAULT_ROLE_MAP: RoleGrant[] = ROLES.map((role) => ({ group: role, role }));

export interface AuthConfig {
  mode: 'local' | 'oidc' | 'header' | 'none';
  secret?: string;
  sessionSeconds: number;
  localUsers: z.infer<typeof localUser>[];
  roleMap: RoleGrant[];
  oidc?: {
    issuer: string;
    clientId: string;
    clientSecret?: string;
    backchannelUrl?: string;
    scopes: string;
    groupsClaim: string;
    name: string;
  };
  header: { user: string; groups: string; trustedProxies: string[] };
}

export interface BackendConfig {
  url: string;
  timeoutMs: number;
}

export interface Config {
  prometheus: BackendConfig;
  alertmanager: BackendConfig;
  elasticsearch: BackendConfig & {
    logIndex: string;
    /** Prefix of the indices holding the console's own documents (`<prefix>-alerts`). */
    consoleIndexPrefix: string;
    auth?: { apiKey: string } | { username: string; password: string };
  };
  jaeger: BackendConfig & {
    /** Base URL of Jaeger's gRPC query API; trace searches use HTTP only when absent. */
    grpcUrl?: string;
  };
  /** The History Server; a running app's driver UI is found per app (lib/correlate/spark-target.ts). */
  spark: { historyUrl: string; timeoutMs: number };
  maxResponseBytes: number;
  /** Whether backend answers may come compressed (UPSTREAM_COMPRESSION). */
  compressedUpstream: boolean;
  publicUrl: string;
  /** Bearer token the webhook requires (ALERTS_WEBHOOK_TOKEN); without one it accepts nothing. */
  webhookToken?: string;
  /** Signing key (SPARKWATCH_SECRET, else random per process: `ephemeral`). */
  secret: { key: string; ephemeral: boolean };
  /** Concurrency limits of backend-bound API requests (lib/api/limits.ts). */
  limits: { global: number; perCaller: number; queued: number; queueTimeoutMs: number };
  /** Raw content of SPARKWATCH_CONFIG_FILE (validated by the module that owns each section). */
  file: Record<string, unknown>;
  auth: AuthConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('\n');
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`SPARKWATCH_CONFIG_FILE: cannot read ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`SPARKWATCH_CONFIG_FILE: ${path} is not valid JSON`, { cause });
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`SPARKWATCH_CONFIG_FILE: ${path} must hold a JSON object`);
  return parsed.data;
}

/** Parses an environment into a Config; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(`Invalid Sparkwatch configuration:\n${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  if (Boolean(e.ELASTICSEARCH_USERNAME) !== Boolean(e.ELASTICSEARCH_PASSWORD)) {
    throw new ConfigError(
      'Invalid Sparkwatch configuration:\n  - ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD must be set together',
    );
  }
  const auth = e.ELASTICSEARCH_API_KEY
    ? { apiKey: e.ELASTICSEARCH_API_KEY }
    : e.ELASTICSEARCH_USERNAME && e.ELASTICSEARCH_PASSWORD
      ? { username: e.ELASTICSEARCH_USERNAME, password: e.ELASTICSEARCH_PASSWORD }
      : undefined;
  return {
    prometheus: { url: e.PROMETHEUS_URL, timeoutMs: e.PROMETHEUS_TIMEOUT_MS },
    alertmanager: { url: e.ALERTMANAGER_URL, timeoutMs: e.ALERTMANAGER_TIMEOUT_MS },
    elasticsearch: {
      url: e.ELASTICSEARCH_URL,
      timeoutMs: e.ELASTICSEARCH_TIMEOUT_MS,
      logIndex: e.ES_LOG_INDEX,
      consoleIndexPrefix: e.ES_CONSOLE_INDEX_PREFIX,
      ...(auth ? { auth } : {}),
    },
    jaeger: {
      url: e.JAEGER_URL,
      timeoutMs: e.JAEGER_TIMEOUT_MS,
      ...(e.JAEGER_GRPC_URL === 'none' ? {} : { grpcUrl: e.JAEGER_GRPC_URL }),
    },
    spark: { historyUrl: e.SPARK_HISTORY_URL, timeoutMs: e.SPARK_TIMEOUT_MS },
    maxResponseBytes: e.UPSTREAM_MAX_BYTES,
    compressedUpstream: e.UPSTREAM_COMPRESSION,
    publicUrl: e.CONSOLE_PUBLIC_URL,
    ...(e.ALERTS_WEBHOOK_TOKEN ? { webhookToken: e.ALERTS_WEBHOOK_TOKEN } : {}),
    secret: e.SPARKWATCH_SECRET
      ? { key: e.SPARKWATCH_SECRET, ephemeral: false }
      : { key: randomBytes(32).toString('hex'), ephemeral: true },
    limits: {
      global: e.API_MAX_CONCURRENT,
      perCaller: e.API_MAX_CONCURRENT_PER_CALLER,
      queued: e.API_MAX_QUEUED,
      queueTimeoutMs: e.API_QUEUE_TIMEOUT_MS,
    },
    file: readConfigFile(e.SPARKWATCH_CONFIG_FILE),
    auth: authConfig(e),
  };
}

function jsonSetting<T>(
  name: string,
  raw: string | undefined,
  schema: z.ZodType<T>,
): T | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError(`Invalid Sparkwatch configuration:\n  - ${name}: not valid JSON`, {
      cause,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ConfigError(
      `Invalid Sparkwatch configuration:\n${describeIssues(parsed.error).replace(/^ {2}- /gm, `  - ${name}.`)}`,
    );
  return parsed.data;
}

function invalid(message: string): ConfigError {
  return new ConfigError(`Invalid Sparkwatch configuration:\n  - ${message}`);
}

function roleMapText(e: Env): string | undefined {
  if (e.AUTH_ROLE_MAP !== undefined || !e.AUTH_ROLE_MAP_FILE) return e.AUTH_ROLE_MAP;
  try {
    return readFileSync(e.AUTH_ROLE_MAP_FILE, 'utf8');
  } catch (cause) {
    throw new ConfigError(`AUTH_ROLE_MAP_FILE: cannot read ${e.AUTH_ROLE_MAP_FILE}`, { cause });
  }
}

function authConfig(e: Env): AuthConfig {
  const proxies = (e.AUTH_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const notIp = proxies.find((p) => !isIP(p));
  if (notIp) throw invalid(`AUTH_TRUSTED_PROXIES: ${notIp} is not an IP address`);
  if (e.AUTH_MODE === 'header' && !proxies.length)
    throw invalid('AUTH_TRUSTED_PROXIES must list the proxy addresses when AUTH_MODE=header');
  if (e.AUTH_MODE === 'oidc' && !(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID))
    throw invalid('AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID must be set when AUTH_MODE=oidc');
  const oidc =
    e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID
      ? {
          issuer: e.AUTH_OIDC_ISSUER,
          clientId: e.AUTH_OIDC_CLIENT_ID,
          ...(e.AUTH_OIDC_CLIENT_SECRET ? { clientSecret: e.AUTH_OIDC_CLIENT_SECRET } : {}),
          ...(e.AUTH_OIDC_BACKCHANNEL_URL ? { backchannelUrl: e.AUTH_OIDC_BACKCHANNEL_URL } : {}),
          scopes: e.AUTH_OIDC_SCOPES,
          groupsClaim: e.AUTH_OIDC_GROUPS_CLAIM,
          name: e.AUTH_OIDC_NAME,
        }
      : undefined;
  return {
    mode: e.AUTH_MODE,
    ...(e.SPARKWATCH_SECRET ? { secret: e.SPARKWATCH_SECRET } : {}),
    sessionSeconds: Math.round(e.AUTH_SESSION_HOURS * 3600),
    localUsers:
      jsonSetting('AUTH_LOCAL_USERS', e.AUTH_LOCAL_USERS, z.array(localUser).max(1000)) ?? [],
    roleMap:
      jsonSetting('AUTH_ROLE_MAP', roleMapText(e), z.array(roleGrant).max(1000)) ??
      DEFAULT_ROLE_MAP,
    ...(oidc ? { oidc } : {}),
    header: { user: e.AUTH_HEADER_USER, groups: e.AUTH_HEADER_GROUPS, trustedProxies: proxies },
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use (instrumentation.ts forces that at start). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
