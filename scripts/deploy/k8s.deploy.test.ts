/**
 * deploy/k8s built with the real kustomize and validated with the real kubeconform against strict
 * schemas of Kubernetes 1.34 and the Prometheus Operator's CRDs (scripts/deploy/install-k8s-tools.sh
 * installs all three into the cache; no schema is fetched from the network). The Prometheus
 * Operator resources must be what scripts/deploy/gen-k8s.ts makes of deploy/prometheus now, and
 * their rules pass promtool. Broken copies must fail, so the validation is known to bite.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { envSchema, parseConfig } from '@/lib/config';
import { parseDotenv } from './compose';
import { dashboardJson } from './gen-grafana';
import { k8sLinkBases, renderAll, toOperatorRelabel } from './gen-k8s';
import { DASHBOARDS, DATASOURCE_UIDS } from './grafana-dashboards';
import { parseDashboard } from './grafana-model';
import { datasourcesFileSchema, readProvisioning } from './grafana-provisioning';
import { repoRoot, tool, toolsDir } from './tools';

interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Probe {
  httpGet?: { path: string; port: string | number };
  timeoutSeconds?: number;
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: {
    name: string;
    emptyDir?: object;
    hostPath?: { path: string };
    configMap?: { name: string };
    persistentVolumeClaim?: { claimName: string };
  }[];
}
interface Workload extends Resource {
  spec: { replicas?: number; template: { spec: PodSpec } };
}
interface Relabel {
  sourceLabels?: string[];
  targetLabel?: string;
  [field: string]: unknown;
}
interface PodMonitor extends Resource {
  spec: {
    selector: { matchLabels: Record<string, string> };
    podMetricsEndpoints: {
      portNumber?: number;
      path: string;
      relabelings?: Relabel[];
      metricRelabelings?: Relabel[];
    }[];
  };
}
interface RuleGroup {
  name: string;
  rules: { alert?: string; record?: string }[];
}

const SCHEMAS = toolsDir('k8s-schemas');
const SCHEMA_LOCATION = `${SCHEMAS}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

function run(cmd: string, args: string[], input?: string) {
  const result = spawnSync(cmd, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
    },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface KubeconformReport {
  resources: { kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

/** kubeconform on a multi-document YAML stream, with the local schemas only. */
function kubeconform(manifests: string): KubeconformReport & { code: number | null } {
  const args = ['-strict', '-summary', '-output', 'json', '-schema-location', SCHEMA_LOCATION, '-'];
  const { code, stdout, stderr } = run(tool('kubeconform'), args, manifests);
  if (!stdout.trim()) throw new Error(`kubeconform printed nothing (exit ${code}): ${stderr}`);
  return { code, ...(JSON.parse(stdout) as KubeconformReport) };
}

const toYaml = (docs: unknown[]) => docs.map((doc) => stringify(doc)).join('---\n');

let built = '';
let resources: Resource[] = [];

function find<T extends Resource = Resource>(kind: string, name?: string): T {
  const found = resources.find((r) => r.kind === kind && (!name || r.metadata.name === name));
  if (!found) throw new Error(`kustomize build has no ${kind} ${name ?? ''}`);
  return found as T;
}

function onlyContainer(workload: Workload): Container {
  const [container, ...more] = workload.spec.template.spec.containers;
  if (!container || more.length) throw new Error(`${workload.kind} has not one container`);
  return container;
}

beforeAll(() => {
  const args = ['build', '--load-restrictor', 'LoadRestrictionsNone', 'deploy/k8s'];
  const { code, stdout, stderr } = run(tool('kustomize'), args);
  if (code !== 0) throw new Error(`kustomize build failed (exit ${code}): ${stderr}`);
  built = stdout;
  resources = parseAllDocuments(built).map((doc) => doc.toJS() as Resource);
});

describe('kustomize build deploy/k8s', () => {
  it('is valid for kubeconform -strict, every resource checked and none skipped', () => {
    const report = kubeconform(built);
    expect(report.resources).toEqual([]);
    expect(report.summary).toEqual({
      valid: resources.length,
      invalid: 0,
      errors: 0,
      skipped: 0,
    });
    expect(report.code).toBe(0);
    expect(new Set(resources.map((r) => r.kind))).toEqual(
      new Set([
        'Namespace',
        'ServiceAccount',
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Secret',
        'Service',
        'Deployment',
        'PodDisruptionBudget',
        'PersistentVolumeClaim',
        'DaemonSet',
        'PodMonitor',
        'PrometheusRule',
        'AlertmanagerConfig',
      ]),
    );
  });

  it('puts every namespaced resource in sparkwatch', () => {
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    for (const r of resources.filter((r) => !clusterScoped.has(r.kind))) {
      expect(r.metadata.namespace, `${r.kind} ${r.metadata.name}`).toBe('sparkwatch');
    }
  });

  it('needs --load-restrictor LoadRestrictionsNone, as kustomization.yaml says', () => {
    const { code, stderr } = run(tool('kustomize'), ['build', 'deploy/k8s']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/fluent-bit-k8s\.yaml|not in or below/);
    expect(read('deploy/k8s/kustomization.yaml')).toContain(
      'kustomize build --load-restrictor LoadRestrictionsNone deploy/k8s | kubectl apply -f -',
    );
  });
});

describe('kubeconform rejects manifests broken on purpose', () => {
  const deployment = () => structuredClone(find<Workload>('Deployment', 'sparkwatch-console'));

  it('a misspelled field (replica: 2)', () => {
    const broken = deployment();
    delete broken.spec.replicas;
    Object.assign(broken.spec, { replica: 2 });
    const report = kubeconform(toYaml([broken]));
    expect(report.summary).toMatchObject({ valid: 0, invalid: 1 });
    expect(report.resources[0]?.msg).toMatch(/'replica' not allowed/);
    expect(report.code).not.toBe(0);
  });

  it('a field of the wrong type', () => {
    const broken = deployment();
    Object.assign(broken.spec, { replicas: 'two' });
    const port = broken.spec.template.spec.containers[0]?.ports?.[0] as Record<string, unknown>;
    port.containerPort = '3000';
    const report = kubeconform(toYaml([broken]));
    expect(report.summary).toMatchObject({ valid: 0, invalid: 1 });
    expect(report.resources[0]?.msg).toMatch(/\/spec\/replicas': got string, want integer/);
    expect(report.resources[0]?.msg).toMatch(/containerPort': got string, want integer/);
  });

  it('a misspelled field deep in a CRD, and in its metadata', () => {
    const monitor = structuredClone(find<PodMonitor>('PodMonitor', 'spark-driver'));
    const relabel = monitor.spec.podMetricsEndpoints[0]?.relabelings?.[0];
    if (!relabel) throw new Error('no relabeling');
    relabel.target_label = relabel.targetLabel;
    delete relabel.targetLabel;
    const rule = structuredClone(find('PrometheusRule')) as Resource & { metadata: object };
    Object.assign(rule.metadata, { lables: { a: 'b' } });
    const report = kubeconform(toYaml([monitor, rule]));
    expect(report.summary).toMatchObject({ valid: 0, invalid: 2 });
    expect(report.resources.map((r) => r.msg).join('\n')).toMatch(/'target_label' not allowed/);
    expect(report.resources.map((r) => r.msg).join('\n')).toMatch(/'lables' not allowed/);
  });

  it('a kind without a schema is an error, not skipped', () => {
    const report = kubeconform(
      toYaml([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]),
    );
    expect(report.summary).toEqual({ valid: 0, invalid: 0, errors: 1, skipped: 0 });
  });
});

describe('Prometheus Operator resources generated from deploy/prometheus', () => {
  it('are what scripts/deploy/gen-k8s.ts makes now (run it after changing deploy/prometheus)', async () => {
    for (const [file, text] of Object.entries(await renderAll())) {
      expect(read(file), `${file} is stale: npx tsx scripts/deploy/gen-k8s.ts`).toBe(text);
      expect(text).toMatch(/^# Generated by scripts\/deploy\/gen-k8s\.ts .*do not edit/);
    }
  });

  const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
    scrape_configs: { job_name: string; metrics_path: string; metric_relabel_configs: object[] }[];
  };

  it.each(['spark-driver', 'spark-executors'])(
    'PodMonitor %s scrapes Spark drivers with the job’s metric relabels and app labels',
    (jobName) => {
      const job = prometheus.scrape_configs.find((j) => j.job_name === jobName);
      const monitor = find<PodMonitor>('PodMonitor', jobName);
      expect(monitor.spec.selector.matchLabels).toEqual({ 'spark-role': 'driver' });
      const [endpoint, ...more] = monitor.spec.podMetricsEndpoints;
      expect(more).toEqual([]);
      expect(endpoint?.portNumber).toBe(4040);
      expect(endpoint?.path).toBe(job?.metrics_path);
      expect(endpoint?.relabelings).toEqual(
        expect.arrayContaining([
          {
            sourceLabels: ['__meta_kubernetes_pod_label_spark_app_selector'],
            targetLabel: 'app_id',
          },
          {
            sourceLabels: ['__meta_kubernetes_pod_label_spark_app_name'],
            targetLabel: 'app_name',
          },
        ]),
      );
      expect(endpoint?.metricRelabelings).toEqual(
        job?.metric_relabel_configs.map((c) => toOperatorRelabel({ ...c }, jobName)),
      );
      expect(endpoint?.metricRelabelings?.length).toBeGreaterThan(0);
    },
  );

  it('PrometheusRule holds exactly the groups of rules/spark.yml', () => {
    const source = parse(read('deploy/prometheus/rules/spark.yml')) as { groups: RuleGroup[] };
    const rule = find('PrometheusRule') as Resource & { spec: { groups: RuleGroup[] } };
    expect(rule.spec.groups).toEqual(source.groups);
    const names = (groups: RuleGroup[]) => groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(names(rule.spec.groups)).toEqual(names(source.groups));
    expect(names(rule.spec.groups)).toContain('StreamingNoInput');
  });

  it('PrometheusRule passes promtool check rules', () => {
    const rule = find('PrometheusRule') as Resource & { spec: { groups: RuleGroup[] } };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'k8s-rules-')), 'rules.yml');
    writeFileSync(file, stringify(rule.spec));
    const check = run('promtool', ['check', 'rules', file]);
    const count = rule.spec.groups.reduce((n, g) => n + g.rules.length, 0);
    expect(`${check.stdout}${check.stderr}`).toContain(`SUCCESS: ${count} rules found`);
    expect(check.code).toBe(0);

    writeFileSync(file, stringify(rule.spec).replace('expr: ', 'expr: rate(( '));
    expect(run('promtool', ['check', 'rules', file]).code).not.toBe(0);
  });
});

describe('Grafana ConfigMaps for the sidecars', () => {
  const configMap = (name: string) =>
    find('ConfigMap', name) as Resource & { data: Record<string, string> };
  const consoleUrl = parseDotenv(read('deploy/k8s/console.env')).CONSOLE_PUBLIC_URL;

  it('hold the generated dashboards, labelled for the dashboard sidecar, linking to console.env’s URL', async () => {
    const map = configMap('sparkwatch-grafana-dashboards');
    expect(map.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(Object.keys(map.data).sort()).toEqual(Object.keys(DASHBOARDS).sort());
    for (const [name, make] of Object.entries(DASHBOARDS)) {
      expect(map.data[name]).toBe(await dashboardJson(make, k8sLinkBases()));
      const variables = parseDashboard(map.data[name] ?? '').templating.list;
      expect(variables.find((v) => v.name === 'console_url')?.query).toBe(consoleUrl);
    }
  });

  it('hold the data sources the dashboards name, at console.env’s backends', () => {
    const map = configMap('sparkwatch-grafana-datasources');
    expect(map.metadata.labels).toMatchObject({ grafana_datasource: '1' });
    // As Grafana reads it: no variable left to expand, `$$` back to `$`.
    const file = datasourcesFileSchema.parse(
      readProvisioning(map.data['sparkwatch.yaml'] ?? '', {}),
    );
    const env = parseDotenv(read('deploy/k8s/console.env'));
    expect(Object.fromEntries(file.datasources.map((d) => [d.uid, d.url]))).toEqual({
      [DATASOURCE_UIDS.prometheus]: env.PROMETHEUS_URL,
      [DATASOURCE_UIDS.alertmanager]: env.ALERTMANAGER_URL,
      [DATASOURCE_UIDS.elasticsearch]: env.ELASTICSEARCH_URL,
      [DATASOURCE_UIDS.jaeger]: env.JAEGER_URL,
    });
    expect(JSON.stringify(file)).toContain('"url":"${__value.raw}"');
  });
});

describe('console', () => {
  const deployment = () => find<Workload>('Deployment', 'sparkwatch-console');
  const container = () => onlyContainer(deployment());
  const dataOf = (kind: 'ConfigMap' | 'Secret', ref: string | undefined) => {
    const found = find(kind, ref) as Resource & { data?: Record<string, string> };
    const data = found.data ?? {};
    if (kind === 'ConfigMap') return data;
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  };
  const env = () => {
    const from = container().envFrom ?? [];
    const config = from.find((f) => f.configMapRef)?.configMapRef?.name;
    const secret = from.find((f) => f.secretRef)?.secretRef?.name;
    return { config: dataOf('ConfigMap', config), secret: dataOf('Secret', secret) };
  };

  it('runs the image as non-root with a read-only root filesystem and no privileges', () => {
    const pod = deployment().spec.template.spec;
    expect(container().image).toBe('ghcr.io/sparkwatch/console:latest');
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container().securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const cache = container().volumeMounts?.find((m) => m.mountPath === '/app/.next/cache');
    expect(pod.volumes?.find((v) => v.name === cache?.name)?.emptyDir).toBeDefined();
    expect(container().resources?.requests).toMatchObject({ cpu: expect.any(String) });
    expect(container().resources?.limits).toMatchObject({ memory: expect.any(String) });
    expect(pod.automountServiceAccountToken).toBe(false);
    const account = find('ServiceAccount', pod.serviceAccountName) as Resource & {
      automountServiceAccountToken?: boolean;
    };
    expect(account.automountServiceAccountToken).toBe(false);
  });

  it('shares the webhook token between the console and Alertmanager’s route to it', () => {
    const ref = container().env?.find((e) => e.name === 'ALERTS_WEBHOOK_TOKEN')?.valueFrom
      ?.secretKeyRef;
    expect(ref).toBeDefined();
    const route = find('AlertmanagerConfig', 'sparkwatch-console') as Resource & {
      spec: {
        receivers: {
          webhookConfigs: {
            url: string;
            httpConfig: { authorization: { type: string; credentials: unknown } };
          }[];
        }[];
      };
    };
    const [hook] = route.spec.receivers.flatMap((r) => r.webhookConfigs);
    expect(hook?.httpConfig.authorization).toEqual({ type: 'Bearer', credentials: ref });
    const service = find('Service', 'sparkwatch-console');
    expect(hook?.url).toBe(`http://${service.metadata.name}.sparkwatch:3000/api/alerts/webhook`);
    // The example ships no token: the webhook refuses everything until an overlay sets one.
    expect(dataOf('Secret', ref?.name)[ref!.key]).toBe('');
  });

  it('probes /api/health with timeouts above the slowest backend deadline', () => {
    const { config } = env();
    const deadlines = Object.entries(config)
      .filter(([key]) => key.endsWith('_TIMEOUT_MS'))
      .map(([, value]) => Number(value));
    expect(deadlines.length).toBe(5);
    for (const probe of [container().readinessProbe, container().livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/api/health', port: 'http' });
      expect((probe?.timeoutSeconds ?? 1) * 1000).toBeGreaterThan(Math.max(...deadlines));
    }
    expect(container().ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // The route's promise that makes it safe as a liveness probe.
    expect(read('app/api/health/route.ts')).toMatch(/Always 200 while the\s+\* console itself/);
  });

  it('serves port 80 of a ClusterIP Service', () => {
    const service = find('Service', 'sparkwatch-console') as Resource & {
      spec: { type: string; ports: object[]; selector: Record<string, string> };
    };
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
    const labels = deployment().spec.template as unknown as { metadata: Resource['metadata'] };
    expect(labels.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('gets only variables lib/config.ts knows, which it accepts', () => {
    const { config, secret } = env();
    const known = Object.keys(envSchema.shape);
    for (const key of [...Object.keys(config), ...Object.keys(secret)])
      expect(known).toContain(key);
    expect(Object.keys(secret).sort()).toEqual(
      [
        'AUTH_OIDC_CLIENT_SECRET',
        'ELASTICSEARCH_API_KEY',
        'ELASTICSEARCH_PASSWORD',
        'ELASTICSEARCH_USERNAME',
        'SPARKWATCH_SECRET',
      ].sort(),
    );
    // The role map file is the sparkwatch-role-map ConfigMap's, mounted where console.env says.
    expect(config.AUTH_ROLE_MAP_FILE).toBe('/etc/sparkwatch/role-map.json');
    const parsed = parseConfig({
      ...config,
      ...secret,
      AUTH_ROLE_MAP_FILE: 'deploy/keycloak/role-map.json',
    });
    expect(parsed.prometheus.url).toBe('http://prometheus-operated.monitoring:9090');
    expect(parsed.elasticsearch.auth).toBeUndefined();
    expect(parsed.auth).toMatchObject({ mode: 'oidc', oidc: { clientId: 'sparkwatch-console' } });
  });

  it('mounts the role map from its ConfigMap, as deploy/keycloak/role-map.json holds it', () => {
    const pod = deployment().spec.template.spec;
    const mount = container().volumeMounts?.find((m) => m.mountPath === '/etc/sparkwatch');
    const volume = pod.volumes?.find((v) => v.name === mount?.name) as
      { configMap?: { name?: string } } | undefined;
    const data = dataOf('ConfigMap', volume?.configMap?.name);
    expect(JSON.parse(data['role-map.json'] ?? 'null')).toEqual(
      JSON.parse(read('deploy/keycloak/role-map.json')),
    );
  });
});

describe('Fluent Bit', () => {
  const daemonSet = () => find<Workload>('DaemonSet', 'fluent-bit');
  const container = () => onlyContainer(daemonSet());

  it('runs deploy/fluent-bit/fluent-bit-k8s.yaml and spark-enrich.lua from its ConfigMap', () => {
    expect(container().image).toBe('fluent/fluent-bit:4.0');
    expect(container().args).toEqual(['-c', '/fluent-bit/etc/fluent-bit-k8s.yaml']);
    const pod = daemonSet().spec.template.spec;
    const mount = (at: string) => container().volumeMounts?.find((m) => m.mountPath === at);
    const volume = (name: string | undefined) => pod.volumes?.find((v) => v.name === name);
    const configMap = find(
      'ConfigMap',
      volume(mount('/fluent-bit/etc/')?.name)?.configMap?.name,
    ) as Resource & { data: Record<string, string> };
    expect(configMap.data).toEqual({
      'fluent-bit-k8s.yaml': read('deploy/fluent-bit/fluent-bit-k8s.yaml'),
      'spark-enrich.lua': read('deploy/fluent-bit/spark-enrich.lua'),
    });
    expect(mount('/var/log')?.readOnly).toBe(true);
    expect(volume(mount('/var/log')?.name)?.hostPath?.path).toBe('/var/log');
    expect(volume(mount('/var/fluent-bit/buffer')?.name)?.hostPath?.path).toBe(
      '/var/fluent-bit/buffer',
    );
  });

  it('defines every variable its config reads, pointing at the console’s Elasticsearch', () => {
    const config = read('deploy/fluent-bit/fluent-bit-k8s.yaml');
    const used = new Set([...config.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]));
    const env = Object.fromEntries((container().env ?? []).map((e) => [e.name, e.value]));
    for (const name of used) expect(env, name).toHaveProperty(name as string);
    const esUrl = resources
      .filter((r) => r.kind === 'ConfigMap')
      .map((r) => (r as Resource & { data?: Record<string, string> }).data?.ELASTICSEARCH_URL)
      .find(Boolean);
    expect(esUrl).toBe(`http://${env.ELASTICSEARCH_HOST}:${env.ELASTICSEARCH_PORT}`);
  });

  it('may read pods and namespaces, bound to its own ServiceAccount', () => {
    const role = find('ClusterRole') as Resource & { rules: object[] };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = find('ClusterRoleBinding') as Resource & {
      roleRef: { name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    };
    expect(binding.roleRef.name).toBe(role.metadata.name);
    const account = find('ServiceAccount', daemonSet().spec.template.spec.serviceAccountName);
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: account.metadata.name,
        namespace: account.metadata.namespace,
      },
    ]);
  });
});

describe('Spark History Server', () => {
  const deployment = () => find<Workload>('Deployment', 'spark-history');
  const container = () => onlyContainer(deployment());

  it('reads the event-log claim read-only, as a non-root user with a read-only filesystem', () => {
    const pod = deployment().spec.template.spec;
    const claim = find('PersistentVolumeClaim', 'spark-events');
    const volume = pod.volumes?.find((v) => v.persistentVolumeClaim);
    expect(volume?.persistentVolumeClaim?.claimName).toBe(claim.metadata.name);
    expect(container().volumeMounts).toContainEqual({
      name: volume?.name,
      mountPath: '/sparkwatch/events',
      readOnly: true,
    });
    const opts = container().env?.find((e) => e.name === 'SPARK_HISTORY_OPTS')?.value ?? '';
    expect(opts).toContain('-Dspark.history.fs.logDirectory=file:/sparkwatch/events');
    expect(container().securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
  });

  it('is the History Server the console is configured with, probed on its REST API', () => {
    const service = find('Service', 'spark-history') as Resource & {
      spec: { ports: { port: number }[] };
    };
    const console = onlyContainer(find<Workload>('Deployment', 'sparkwatch-console'));
    const configName = console.envFrom?.find((f) => f.configMapRef)?.configMapRef?.name;
    const config = find('ConfigMap', configName) as Resource & { data: Record<string, string> };
    expect(config.data.SPARK_HISTORY_URL).toBe(
      `http://${service.metadata.name}:${service.spec.ports[0]?.port}`,
    );
    expect(container().readinessProbe?.httpGet).toEqual({ path: '/api/v1/version', port: 'http' });
  });
});
