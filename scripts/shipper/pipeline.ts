/**
 * deploy/elasticsearch/ingest-pipeline.json, built from rules.ts: the same message rules as grok
 * patterns and the same order of sources per field as enrich.ts, for shippers that send Spark's
 * JSON lines (or raw lines as `message`) to a full Elasticsearch with ?pipeline=spark-logs. The
 * local Elasticsearch has no ingest processors, so this cannot run here; it is kept equal by
 * construction (gen-enrich.ts writes it, gen-enrich.test.ts checks the file is current and that
 * its patterns, read as JavaScript, find what enrich.ts finds on the shared vectors).
 * What only a file-aware shipper can know (the app id of the run directory, an id another line of
 * the file named) is not here.
 */
import { CONTEXT_KEYS, type MessageField, RULE_GROUPS, type Token, tokenRegex } from './rules';

type Processor = Record<string, Record<string, unknown>>;

export const GROK_DEFINITIONS = {
  SWINT: '\\d+',
  SWID: '[0-9A-Za-z_]+',
  SWHOST: '[^\\s:,()]+',
  SWAPP: '[A-Za-z0-9-]+',
};
const GROK_NAME = { int: 'SWINT', id: 'SWID', host: 'SWHOST', appId: 'SWAPP' } as const;

function grokToken(token: Token, target: string): string {
  if (typeof token === 'string' || token.kind === 'text') return tokenRegex(token, false);
  return token.field
    ? `%{${GROK_NAME[token.kind]}:${target}.${token.field}}`
    : `%{${GROK_NAME[token.kind]}}`;
}

/** Per group, the grok pattern(s) and where each rule's captures land. */
export function grokGroups() {
  return RULE_GROUPS.map((group, g) => {
    if (group.anchored)
      return {
        anchored: true,
        patterns: group.rules.map(
          (rule) => `^${rule.map((t) => grokToken(t, `_sw.g${g}`)).join('')}`,
        ),
        targets: [`_sw.g${g}`],
      };
    const end = group.wordEnd ? '\\b' : '';
    const targets = group.rules.map((_, r) => `_sw.g${g}r${r}`);
    const alternatives = group.rules.map(
      (rule, r) => `\\b${rule.map((t) => grokToken(t, targets[r]!)).join('')}${end}`,
    );
    return { anchored: false, patterns: [`(?:${alternatives.join('|')})`], targets };
  });
}

const copy = (field: string, from: string): Processor => ({
  set: {
    field,
    copy_from: from,
    override: false,
    ignore_empty_value: true,
    ignore_failure: true,
  },
});

export function ingestPipeline() {
  const groups = grokGroups();
  const fromMessage = (field: MessageField) =>
    groups.flatMap((g) => g.targets.map((t) => `${t}.${field}`));
  const ctx = (field: keyof typeof CONTEXT_KEYS) => CONTEXT_KEYS[field].map((k) => `context.${k}`);
  const task = (field: string) => [`_sw.task.${field}`];
  // The order enrich.ts's ids() reads them in (the file-aware sources left out).
  const order: Record<string, string[]> = {
    appId: [...ctx('appId'), ...fromMessage('appId')],
    stageId: [...ctx('stageId'), ...task('stageId'), ...fromMessage('stageId')],
    stageAttempt: [...ctx('stageAttempt'), ...task('stageAttempt'), ...fromMessage('stageAttempt')],
    taskId: [...ctx('taskId'), ...task('taskId'), ...fromMessage('taskId')],
    taskAttempt: [...task('taskAttempt'), ...fromMessage('taskAttempt')],
    partition: [...ctx('partition'), ...fromMessage('partition')],
    jobId: [...ctx('jobId'), ...fromMessage('jobId')],
    batchId: ctx('batchId'),
    queryId: ctx('queryId'),
    executorId: [...fromMessage('executorId'), ...ctx('executorId')],
    traceId: ctx('traceId'),
    spanId: ctx('spanId'),
    host: [...fromMessage('host'), ...ctx('host')],
  };
  const processors: Processor[] = [
    // A raw line (no Spark `msg`): kept whole as `message`, its level read from the plain layout.
    { set: { if: 'ctx.msg == null', field: 'raw', value: true } },
    {
      grok: {
        if: 'ctx.msg == null',
        field: 'message',
        patterns: [
          '^\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d %{SWLEVEL:level} %{SWLOGGER:logger}: %{SWREST:_sw.text}$',
        ],
        pattern_definitions: {
          SWLEVEL: 'TRACE|DEBUG|INFO|WARN|ERROR|FATAL',
          SWLOGGER: '[^\\s:]+',
          SWREST: '(?m:.*)',
        },
        ignore_missing: true,
        ignore_failure: true,
      },
    },
    { set: { if: 'ctx.msg == null', field: 'level', value: 'UNKNOWN', override: false } },
    { rename: { field: 'msg', target_field: 'message', ignore_missing: true } },
    copy('_sw.text', 'message'),
    {
      date: { field: 'ts', target_field: '@timestamp', formats: ['ISO8601'], ignore_failure: true },
    },
    { remove: { field: 'ts', ignore_missing: true } },
    { uppercase: { field: 'level', ignore_missing: true } },
    // context keys such as "mdc.appId" become reachable as context.mdc.appId.
    { dot_expander: { field: '*', path: 'context', ignore_failure: true } },
    {
      grok: {
        field: 'context.task_name',
        patterns: [
          '^task %{SWINT}\\.%{SWINT:_sw.task.taskAttempt} in stage %{SWINT:_sw.task.stageId}\\.%{SWINT:_sw.task.stageAttempt} \\(TID %{SWINT:_sw.task.taskId}\\)$',
        ],
        pattern_definitions: GROK_DEFINITIONS,
        ignore_missing: true,
        ignore_failure: true,
      },
    },
    ...groups.map((g) => ({
      grok: {
        field: '_sw.text',
        patterns: g.patterns,
        pattern_definitions: GROK_DEFINITIONS,
        ignore_missing: true,
        ignore_failure: true,
      },
    })),
    ...Object.entries(order).flatMap(([field, sources]) =>
      sources.map((from) => copy(field, from)),
    ),
    { remove: { field: '_sw', ignore_missing: true } },
  ];
  return {
    description:
      'Spark 4 JSON log lines (SparkLayout) and raw lines into the spark-logs-* documents the Sparkwatch console reads; generated from scripts/shipper/rules.ts by scripts/shipper/gen-enrich.ts (the same rules as enrich.ts and deploy/fluent-bit/spark-enrich.lua)',
    processors,
    on_failure: [{ set: { field: 'ingest_error', value: '{{ _ingest.on_failure_message }}' } }],
  };
}
