/**
 * The Fluent Bit side of log shipping (deploy/fluent-bit/), checked with a real LuaJIT (the Lua
 * Fluent Bit embeds; scripts/deploy/install-lua.sh installs it): the Lua filter must turn every
 * captured Spark line, and the hand-written vectors of enrich.test.ts, into the very document
 * scripts/shipper/enrich.ts makes, since the Elasticsearch has no ingest processors to fix
 * anything up. Debian packages no fluent-bit, so the two configs are checked structurally.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LineSource, enrich } from '../shipper/enrich';
import { VECTOR_APP, VECTORS } from '../shipper/vectors';
import { repoRoot } from './tools';

const LUA = path.join(repoRoot, 'deploy/fluent-bit/spark-enrich.lua');
const HARNESS = path.join(repoRoot, 'scripts/deploy/fluent-bit-harness.lua');
const APP = VECTOR_APP;
const APP_NAME = 'miaradia-streaming';
// The time fluent-bit-harness.lua reads every line at (its READ_TIME).
const READ_TIME = new Date(1795577000 * 1000).toISOString();

interface FilterCase {
  line: string;
  source_file: string;
  source_offset: number;
  kubernetes?: Record<string, unknown>;
}
interface FilterResult {
  code: number;
  document?: Record<string, unknown>;
}

function luajit(args: string[], env: Record<string, string> = {}) {
  // No MIARADIA_APP_NAME: the filter then names the app as the shipper does by default.
  const result = spawnSync('luajit', args, {
    encoding: 'utf8',
    env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  if (result.error) throw result.error;
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs the cases through `script` under LuaJIT as Fluent Bit would (fluent-bit-harness.lua). */
function runFilter(script: string, cases: FilterCase[]): FilterResult[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluent-bit-cases-'));
  const file = path.join(dir, 'cases.jsonl');
  writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const { code, out, err } = luajit([HARNESS, script, file]);
  if (code !== 0) throw new Error(`the Lua filter failed (exit ${code}): ${err}`);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FilterResult);
}

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
const readLines = (name: string) =>
  readFileSync(path.join(repoRoot, 'deploy/spark/captured', name), 'utf8')
    .split('\n')
    .filter(Boolean);

// The shared hand vectors (scripts/shipper/vectors.ts), and lines for the branches the captured
// run does not reach.
const HAND_DRIVER_LINES = [
  VECTORS.microBatch,
  VECTORS.lostExecutor,
  VECTORS.lostTask,
  VECTORS.executorRemoved,
  VECTORS.fetchFailed,
  line({
    ts: '2026-11-25T02:21:00.500Z',
    level: 'error',
    msg: 'Task failed',
    exception: {
      class: 'java.lang.OutOfMemoryError',
      msg: null,
      stacktrace: [{ class: 'a.B', method: 'run' }, 'frame as text', 7, null, { line: '' }],
    },
  }),
  line({
    ts: '2026-11-25T02:21:01.000Z',
    level: 'warn',
    msg: 'Old layout',
    exception: 'java.io.IOException: gone',
    logger: '',
  }),
  line({ ts: '2026-11-25T02:21:02.000Z', level: 'INFO', msg: 'Empty', exception: {} }),
  line({
    ts: '2026-11-25T02:22:00.000Z',
    level: 'INFO',
    msg: 'Job 12 finished: start at Miaradia.scala:40, took 0.52 s',
    logger: 'DAGScheduler',
  }),
  line({
    ts: '2026-11-25T02:22:00.100Z',
    level: 'INFO',
    msg: 'Got job 13 (start at Miaradia.scala:40) with 4 output partitions; Job 12 finished',
    context: {},
  }),
  line({
    ts: '2026-11-25T02:22:00.200Z',
    level: 'INFO',
    msg: 'ShuffleMapStage 3 (start at Miaradia.scala:40) finished in 0.3 s; ResultStage 4 (x)',
    context: { job_id: 13, host: '192.0.2.9', stage_id: '', executor_id: 2.5 },
  }),
  line({
    ts: '2026-11-25T02:22:00.300Z',
    level: 'INFO',
    msg: 'BlockJob 12 finished; XStage 5 (no); Stage 6 (yes); Got job 7x',
    context: { trace_id: 'abc', span_id: 'def', 'mdc.batchId': '9', app_id: 'app-from-ctx' },
  }),
  line({
    ts: '2026-11-25T02:22:00.400Z',
    level: 'INFO',
    msg: 'Lost executor 1 on\u00a0host: reason',
  }),
  line({
    ts: '2026-11-25T02:22:00.500Z',
    level: 'INFO',
    msg: 'Lost executor driver on 10.0.0.1: heartbeat timed out',
    context: { task_name: 'task 1.0 in stage 2.0 (TID 3) extra' },
  }),
  line({
    ts: '2026-11-25T02:22:00.600Z',
    level: 'ERROR',
    msg: 'Lost executor 4 on 192.0.2.4: gone',
    context: { executor_id: '9', host: 'h9' },
  }),
  // JavaScript's \s matches a no-break space; Lua's %s does not.
  line({ ts: '2026-11-25T02:22:00.700Z', level: 'INFO', msg: 'Lost executor 1 on ho\u00a0st: x' }),
  line({
    ts: '2026-11-25T02:22:00.800Z',
    level: 'INFO',
    msg: 'Lost task 1.0 in stage 2.0 (TID 3) (ho\u2009st executor 1): x',
  }),
  line({
    ts: '2026-11-25T02:22:00.850Z',
    level: 'WARN',
    msg: 'Lost task 1.0 in stage 2.0 (TID 3) (10.0.0.3 executor 1): FetchFailed in ResultStage 9 (x)',
  }),
  // Numbers in the context are written as JavaScript's String(number) writes them.
  line({
    ts: '2026-11-25T02:22:00.900Z',
    level: 'INFO',
    msg: 'numbers',
    context: {
      task_id: 1000000000000000,
      batch_id: 0.000001,
      stage_id: 1e-7,
      job_id: 123.456,
      query_id: 1e21,
      span_id: -2.5e-9,
      trace_id: true,
    },
  }),
];
const HAND_EXECUTOR_LINES = [VECTORS.executorTask];
// Lines that are not Spark JSON: both keep them raw (message = the line).
const NOT_SPARK = [
  '25/06/01 10:21:07 ERROR TaskSchedulerImpl: Lost executor 3 on host',
  '{"level":"INFO"}',
  '[1,2]',
  '{"ts":"2026-11-25T02:20:00.000Z","level":"INFO","msg":"x","logger":null}',
  '{"ts":"2026-11-25T02:20:00.000Z","level":"INFO","msg":"x","context":"c"}',
  '{"ts":"2026-11-25T02:20:00.000Z","level":"INFO","msg":"x","exception":{"class":1}}',
  '{"ts":"2026-11-25T02:20:00.000Z","level":"INFO","msg":"x","exception":{"stacktrace":"s"}}',
  '{"ts":1,"level":"INFO","msg":"x"}',
];

describe('spark-enrich.lua under LuaJIT', () => {
  let work: string;
  let driverFile: string;
  let driverFileNoAppId: string;
  const executorFile = (executor: string) => path.join(work, 'work', APP, executor, 'executor.log');

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'fluent-bit-spark-'));
    // As the shipper does, the driver's app id comes from the run's app-id file beside its log.
    mkdirSync(path.join(work, 'logs'));
    driverFile = path.join(work, 'logs', 'miaradia-driver.log');
    writeFileSync(path.join(work, 'logs', 'app-id'), `${APP}\n`);
    mkdirSync(path.join(work, 'logs-without-app-id'));
    driverFileNoAppId = path.join(work, 'logs-without-app-id', 'driver.log');
  });

  /** The case for the filter and the source the shipper would pass enrich() for it. */
  function vectors() {
    const out: { filter: FilterCase; source: LineSource }[] = [];
    const add = (text: string, file: string, offset: number, source: Partial<LineSource>) =>
      out.push({
        filter: { line: text, source_file: file, source_offset: offset },
        source: { appName: APP_NAME, file, offset, time: READ_TIME, ...source },
      });
    const addFile = (lines: string[], file: string, source: Partial<LineSource>) => {
      let offset = 0;
      for (const text of lines) {
        add(text, file, offset, source);
        offset += Buffer.byteLength(text) + 1;
      }
    };
    const driver = [...readLines('driver.jsonl'), ...HAND_DRIVER_LINES, ...NOT_SPARK];
    addFile(driver, driverFile, { appId: APP, executorId: 'driver' });
    addFile(driver, driverFileNoAppId, { executorId: 'driver' });
    for (const executor of ['0', '12']) {
      addFile([...readLines('executor.jsonl'), ...HAND_EXECUTOR_LINES], executorFile(executor), {
        appId: APP,
        executorId: executor,
      });
    }
    // A real untuned run with a killed executor: the driver's file names its app id only after
    // start-up; the executor's stderr is not JSON.
    addFile(readLines('killed-executor/driver.jsonl'), path.join(work, 'killed', 'driver.log'), {
      executorId: 'driver',
    });
    const killedApp = 'app-20261201032908-0000';
    const killed = (executor: string, name: string) =>
      path.join(work, 'work', killedApp, executor, name);
    addFile(readLines('killed-executor/executor-1.jsonl'), killed('1', 'executor.log'), {
      appId: killedApp,
      executorId: '1',
    });
    addFile(readLines('killed-executor/executor-0.stderr'), killed('0', 'stderr'), {
      appId: killedApp,
      executorId: '0',
    });
    return out;
  }

  /** What the shipper makes of the cases in order: an app id a file named goes to its later lines. */
  function shipperDocuments(cases: { filter: FilterCase; source: LineSource }[]) {
    const learned = new Map<string, string>();
    return cases.map(({ filter, source }) => {
      const doc = enrich(filter.line, { ...source, fileAppId: learned.get(source.file) });
      if (doc.appId && !source.appId && !learned.has(source.file))
        learned.set(source.file, doc.appId);
      return doc;
    });
  }

  it('gives the same document as enrich() for every captured line, hand vector and raw line', () => {
    const cases = vectors();
    const results = runFilter(
      LUA,
      cases.map((c) => c.filter),
    );
    expect(results).toHaveLength(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const expected = shipperDocuments(cases);
    for (const [i, { filter }] of cases.entries()) {
      expect(results[i]?.code, filter.line).toBe(expected[i]?.raw ? 2 : 1);
      expect(results[i]?.document, `${filter.source_file}: ${filter.line}`).toStrictEqual(
        expected[i],
      );
    }
    // The killed executor's lost line is attributed to its app and executor.
    const lost = results.find((r) =>
      String(r.document?.message).startsWith('Lost executor 0 on 127'),
    );
    expect(lost?.document).toMatchObject({ appId: 'app-20261201032908-0000', executorId: '0' });
  });

  it('parses the ids out of context-free lines as the shipper does', () => {
    const [lost, task, removed] = runFilter(
      LUA,
      HAND_DRIVER_LINES.slice(1, 4).map((text) => ({
        line: text,
        source_file: driverFileNoAppId,
        source_offset: 0,
      })),
    );
    expect(lost?.document).toMatchObject({ executorId: '0', host: '192.0.2.2', level: 'ERROR' });
    expect(task?.document).toMatchObject({ executorId: '0', stageId: '3', taskId: '294' });
    expect(removed?.document).toMatchObject({ executorId: '0', appId: APP });
  });

  it('takes app, executor and host from the pod labels on Kubernetes', () => {
    const kubernetes = (role: string, exec?: string) => ({
      pod_name: `miaradia-${role}`,
      namespace_name: 'spark',
      host: 'node-a',
      container_name: `spark-kubernetes-${role}`,
      labels: {
        'spark-app-selector': 'spark-0a1b2c',
        'spark-app-name': 'miaradia',
        'spark-role': role,
        ...(exec ? { 'spark-exec-id': exec } : {}),
      },
    });
    const executorLine = readLines('executor.jsonl')[0]!;
    const driverLine = HAND_DRIVER_LINES[0]!;
    const [executor, driver] = runFilter(LUA, [
      {
        line: executorLine,
        source_file: '/var/log/containers/x.log',
        source_offset: 7,
        kubernetes: kubernetes('executor', '3'),
      },
      {
        line: driverLine,
        source_file: '/var/log/containers/y.log',
        source_offset: 9,
        kubernetes: kubernetes('driver'),
      },
    ]);
    expect(driver?.document).toMatchObject({
      appId: 'spark-0a1b2c',
      appName: 'miaradia',
      executorId: 'driver',
      host: 'node-a',
      source: { file: 'k8s:spark/miaradia-driver', offset: 9 },
    });
    expect(executor?.document).toMatchObject({ executorId: '3', host: 'node-a' });
    // The consumed Kubernetes keys are gone: the document is exactly enrich()'s.
    const source = (role: string, executorId: string, offset: number): LineSource => ({
      appId: 'spark-0a1b2c',
      appName: 'miaradia',
      executorId,
      host: 'node-a',
      file: `k8s:spark/miaradia-${role}`,
      offset,
    });
    expect(executor?.document).toStrictEqual(enrich(executorLine, source('executor', '3', 7)));
    expect(driver?.document).toStrictEqual(enrich(driverLine, source('driver', 'driver', 9)));
  });

  it('writes a ts with an offset as the same instant in UTC (the es output formats the time)', () => {
    const [doc] = runFilter(LUA, [
      {
        line: line({ ts: '2026-11-25T02:22:00.9+01:00', level: 'INFO', msg: 'x' }),
        source_file: driverFile,
        source_offset: 0,
      },
    ]);
    expect(doc?.document?.['@timestamp']).toBe('2026-11-25T01:22:00.900Z');
  });

  it('keeps lines that are not Spark JSON raw at the read time, and drops pods without a Spark app', () => {
    const results = runFilter(LUA, [
      ...NOT_SPARK.map((text) => ({ line: text, source_file: driverFile, source_offset: 0 })),
      {
        line: HAND_DRIVER_LINES[0]!,
        source_file: '/var/log/containers/z.log',
        source_offset: 0,
        kubernetes: { pod_name: 'web', namespace_name: 'default', labels: { app: 'web' } },
      },
    ]);
    expect(results.map((r) => r.code)).toEqual([...Array(NOT_SPARK.length).fill(2), -1]);
    for (const [i, text] of NOT_SPARK.entries())
      expect(results[i]?.document, text).toMatchObject({
        message: text,
        raw: true,
        '@timestamp': READ_TIME,
      });
  });

  it('fails when the filter is broken on purpose', () => {
    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'fluent-bit-broken-')), 'x.lua');
    writeFileSync(
      broken,
      readFileSync(LUA, 'utf8').replace('local function str(v)', 'local function str(v'),
    );
    expect(() => runFilter(broken, [])).toThrow(/cannot load/);
  });
});

// Plugin names as Fluent Bit registers them (its plugins/ tree: in_*, filter_*, out_*).
const PLUGINS = {
  inputs: new Set(
    'blob calyptia_fleet collectd cpu disk docker docker_events dummy ebpf elasticsearch emitter event_test event_tracing_windows event_type exec exec_wasi fluentbit_logs fluentbit_metrics forward gpu_metrics head health http kafka kmsg kubernetes_events lib mem mqtt netif nginx_metrics node_exporter_metrics opentelemetry podman_metrics proc process_exporter_metrics prometheus_remote_write prometheus_scrape prometheus_textfile random serial splunk statsd stdin storage_backlog stream_processor syslog systemd tail tcp thermal udp unix_socket windows_exporter_metrics winevtlog winlog winstat'.split(
      ' ',
    ),
  ),
  filters: new Set(
    'alter_size aws checklist ecs expect geoip2 grep kubernetes log_to_metrics lua modify multiline nest nightfall parser record_modifier rewrite_tag stdout sysinfo tensorflow throttle throttle_size type_converter wasm'.split(
      ' ',
    ),
  ),
  outputs: new Set(
    'azure azure_blob azure_kusto azure_logs_ingestion bigquery calyptia chronicle cloudwatch_logs counter datadog es exit file flowcounter forward gcs gelf http influxdb kafka kafka-rest kinesis_firehose kinesis_streams lib logdna loki nats nrlogs null opensearch opentelemetry oracle_log_analytics pgsql plot prometheus_exporter prometheus_remote_write retry s3 skywalking slack splunk stackdriver stdout syslog tcp td udp vivo_exporter websocket'.split(
      ' ',
    ),
  ),
};

type Section = Record<string, unknown>;
const on = (v: unknown) => ['on', 'true', 'yes'].includes(String(v).toLowerCase());
const off = (v: unknown) =>
  v === undefined || ['off', 'false', 'no'].includes(String(v).toLowerCase());

/** The global functions a Lua file defines, as LuaJIT sees them after loading it. */
function luaDefines(script: string, name: string): boolean {
  const probe = `dofile(os.getenv('LUA_SCRIPT')); os.exit(type(_G[os.getenv('LUA_CALL')]) == 'function' and 0 or 3)`;
  return luajit(['-e', probe], { LUA_SCRIPT: script, LUA_CALL: name }).code === 0;
}

/** What is wrong with a Fluent Bit YAML config; `luaDir` holds the scripts it names. */
function configErrors(text: string, luaDir: string): string[] {
  const errors: string[] = [];
  const doc = parse(text) as Section;
  const service = (doc.service ?? {}) as Section;
  const pipeline = (doc.pipeline ?? {}) as Record<string, Section[] | undefined>;
  for (const kind of ['inputs', 'filters', 'outputs'] as const) {
    const sections = pipeline[kind] ?? [];
    if (!sections.length) errors.push(`no ${kind}`);
    for (const s of sections)
      if (!PLUGINS[kind].has(String(s.name)))
        errors.push(`${kind}: unknown plugin ${String(s.name)}`);
  }
  const inputs = pipeline.inputs ?? [];
  const filters = pipeline.filters ?? [];
  const outputs = pipeline.outputs ?? [];
  if (!service['storage.path']) errors.push('service: no storage.path');
  if (!on(service.http_server) || String(service.http_port) !== '2020')
    errors.push('service: no HTTP server on 2020');
  const parsers = new Map(((doc.parsers ?? []) as Section[]).map((p) => [String(p.name), p]));
  for (const input of inputs) {
    if (input['storage.type'] !== 'filesystem')
      errors.push(`${String(input.path)}: not buffered on disk`);
    if (input.path_key !== 'source_file' || input.offset_key !== 'source_offset')
      errors.push(`${String(input.path)}: no path_key source_file / offset_key source_offset`);
    if (!input.db) errors.push(`${String(input.path)}: no offset database`);
    // A parser on the input replaces the line by its fields: a line that is not JSON loses nothing,
    // but the raw text of one that is JSON yet not Spark's would be gone.
    if (input.parser !== undefined)
      errors.push(`${String(input.path)}: parses on input (the line is lost)`);
  }
  // The line must reach the Lua filter whole (it keeps lines that are not Spark JSON raw): a parser
  // filter preserving `log`, or the kubernetes filter keeping it.
  for (const f of filters) {
    if (f.name === 'parser') {
      if (f.key_name !== 'log' || !on(f.preserve_key) || !on(f.reserve_data))
        errors.push(
          'parser filter does not keep the line (key_name log, preserve_key, reserve_data)',
        );
      const parser = parsers.get(String(f.parser));
      if (!parser) errors.push(`no parser ${String(f.parser)}`);
      else if (parser.time_key && !on(parser.time_keep))
        errors.push(`parser ${String(parser.name)} removes ${String(parser.time_key)}`);
    }
    if (f.name === 'kubernetes' && !on(f.keep_log))
      errors.push('kubernetes filter drops the line (keep_log off)');
  }
  if (!filters.some((f) => f.name === 'parser' || f.name === 'kubernetes'))
    errors.push('no filter parses the JSON lines');
  const luas = filters.filter((f) => f.name === 'lua');
  if (luas.length !== 1) errors.push('not exactly one lua filter');
  for (const lua of luas) {
    const base = path.basename(String(lua.script));
    if (base !== 'spark-enrich.lua') errors.push(`lua script ${base} is not spark-enrich.lua`);
    else if (!luaDefines(path.join(luaDir, base), String(lua.call)))
      errors.push(`lua call ${String(lua.call)} is not a function of ${base}`);
    if (!on(lua.time_as_table)) errors.push('lua filter needs time_as_table (exact milliseconds)');
  }
  const es = outputs.filter((o) => o.name === 'es');
  if (es.length !== 1) errors.push('not exactly one es output');
  for (const o of es) {
    const want: Section = {
      host: '${ELASTICSEARCH_HOST}',
      port: '${ELASTICSEARCH_PORT}',
      // The data stream of deploy/elasticsearch/datastream-template.json (ILM, failure store).
      index: 'spark-logs-fluentbit',
      write_operation: 'create',
      time_key: '@timestamp',
    };
    for (const [key, value] of Object.entries(want))
      if (String(o[key]) !== value)
        errors.push(`es ${key} is ${String(o[key])}, not ${String(value)}`);
    for (const key of ['suppress_type_name', 'generate_id', 'trace_error'])
      if (!on(o[key])) errors.push(`es ${key} is not on`);
    // Extra keys would make the document differ from the shipper's.
    for (const key of ['logstash_format', 'include_tag_key', 'replace_dots', 'time_key_nanos'])
      if (!off(o[key])) errors.push(`es ${key} is not off`);
    // Refused documents go to the failure store; retries are for Elasticsearch being away, and
    // bounded: at least 10 minutes of outage even when every backoff is the shortest.
    const retries = Number(o.retry_limit);
    const base = Number(service['scheduler.base'] ?? 5);
    if (!Number.isInteger(retries) || retries < 1)
      errors.push(`es retry_limit ${String(o.retry_limit)} is not a bounded number of retries`);
    else if (retries * base < 600)
      errors.push(`es retries ride out ${retries * base} s of outage at worst, under 600 s`);
  }
  // Every record the inputs tag reaches the filter and the output.
  for (const input of inputs) {
    const tag = String(input.tag);
    const matches = (s: Section) =>
      new RegExp(`^${String(s.match).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(tag);
    if (!luas.every(matches) || !es.every(matches))
      errors.push(`tag ${tag} misses the filter or output`);
  }
  return errors;
}

describe('Fluent Bit configs', () => {
  const dir = path.join(repoRoot, 'deploy/fluent-bit');
  const compose = readFileSync(path.join(dir, 'fluent-bit.yaml'), 'utf8');
  const k8s = readFileSync(path.join(dir, 'fluent-bit-k8s.yaml'), 'utf8');

  it('compose: tails the driver and executor logs into spark-logs, buffered on disk', () => {
    expect(configErrors(compose, dir)).toEqual([]);
    const doc = parse(compose) as { pipeline: { inputs: Section[] }; service: Section };
    expect(doc.pipeline.inputs.map((i) => [i.tag, i.path])).toEqual([
      ['spark.driver', '/spark/logs/*.log'],
      ['spark.executor', '/spark/work/*/*/executor.log,/spark/work/*/*/stderr'],
    ]);
    expect(doc.service['storage.path']).toBe('/fluent-bit/buffer');
    // The files docker-compose.yml mounts are the ones this config names.
    const composeFile = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
    expect(composeFile).toContain(
      './deploy/fluent-bit/spark-enrich.lua:/fluent-bit/etc/spark-enrich.lua',
    );
    expect(composeFile).toContain('fluent-bit-buffer:/fluent-bit/buffer');
  });

  it('Kubernetes: CRI logs, pod labels, only Spark pods', () => {
    expect(configErrors(k8s, dir)).toEqual([]);
    const doc = parse(k8s) as { pipeline: { inputs: Section[]; filters: Section[] } };
    expect(doc.pipeline.inputs[0]).toMatchObject({
      path: '/var/log/containers/*.log',
      'multiline.parser': 'cri, docker',
    });
    const [kube, grep, lua] = doc.pipeline.filters;
    expect(kube?.name).toBe('kubernetes');
    expect([kube?.merge_log, kube?.keep_log, kube?.labels].map(on)).toEqual([true, true, true]);
    expect(on(kube?.['k8s-logging.exclude'])).toBe(true);
    expect(grep).toMatchObject({ name: 'grep' });
    expect(String(grep?.regex)).toMatch(/^\$kubernetes\['labels'\]\['spark-app-selector'\] /);
    expect(lua?.name).toBe('lua');
  });

  it('fails the check when broken on purpose', () => {
    const broken = compose.replace('call: enrich_spark', 'call: enrich_missing');
    expect(configErrors(broken, dir)).toEqual([
      'lua call enrich_missing is not a function of spark-enrich.lua',
    ]);
    expect(configErrors(k8s.replace('name: kubernetes', 'name: kubernetes-meta'), dir)).toEqual([
      'filters: unknown plugin kubernetes-meta',
      'no filter parses the JSON lines',
    ]);
    expect(configErrors(compose.replace('preserve_key: on', 'preserve_key: off'), dir)).toEqual([
      'parser filter does not keep the line (key_name log, preserve_key, reserve_data)',
    ]);
    expect(configErrors(compose.replace('retry_limit: 30', 'retry_limit: no_limits'), dir)).toEqual(
      ['es retry_limit no_limits is not a bounded number of retries'],
    );
    expect(configErrors(k8s.replace('keep_log: on', 'keep_log: off'), dir)).toEqual([
      'kubernetes filter drops the line (keep_log off)',
    ]);
    expect(configErrors(compose.replace('replace_dots: off', 'replace_dots: on'), dir)).toEqual([
      'es replace_dots is not off',
    ]);
  });
});
