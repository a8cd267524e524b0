/**
 * The ids a Spark log message names, as one table of rules that the three enrichments are built
 * from: enrich.ts compiles them to RegExps, gen-enrich.ts writes them as Lua patterns into
 * deploy/fluent-bit/spark-enrich.lua and as grok patterns into
 * deploy/elasticsearch/ingest-pipeline.json. Each rule is a sequence of literal text and typed
 * captures, so the three dialects cannot drift apart in what a token means.
 *
 * Semantics (the same in all three): groups are read in order; in an anchored group the first
 * rule that matches at the start of the message gives its captures; in a free group the earliest
 * match anywhere (on a word boundary) wins, ties going to the rule listed first. A field takes the
 * value of the first group that captured it.
 */

export const MESSAGE_FIELDS = [
  'appId',
  'executorId',
  'host',
  'jobId',
  'partition',
  'stageAttempt',
  'stageId',
  'taskAttempt',
  'taskId',
] as const;
export type MessageField = (typeof MESSAGE_FIELDS)[number];

/** What a capture may hold. `text` is captured by nothing and matches as little as it can. */
export type TokenKind = 'int' | 'id' | 'host' | 'appId' | 'text';
export interface Capture {
  kind: TokenKind;
  field?: MessageField;
}
export type Token = string | Capture;

const int = (field?: MessageField): Capture => ({ kind: 'int', field });
const id = (field: MessageField): Capture => ({ kind: 'id', field });
const host = (field: MessageField): Capture => ({ kind: 'host', field });
const app = (field: MessageField): Capture => ({ kind: 'appId', field });
const text: Capture = { kind: 'text' };

export interface RuleGroup {
  name: string;
  /** Anchored: rules match at the start of the message. Free: anywhere, on a word boundary. */
  anchored: boolean;
  /** Free groups only: the match must also end on a word boundary. */
  wordEnd?: boolean;
  rules: Token[][];
}

// "task 3.0 in stage 1.0 (TID 3)": task index, attempt, stage, stage attempt, TID.
const task = (): Token[] => [
  'task ',
  int(),
  '.',
  int('taskAttempt'),
  ' in stage ',
  int('stageId'),
  '.',
  int('stageAttempt'),
  ' (TID ',
  int('taskId'),
  ')',
];

export const RULE_GROUPS: readonly RuleGroup[] = [
  {
    name: 'lines',
    anchored: true,
    rules: [
      // Driver, TaskSetManager: "Starting task 3.0 in stage 1.0 (TID 3) (127.0.0.1,executor 0, partition 3, …"
      [
        'Starting ',
        ...task(),
        ' (',
        host('host'),
        ',',
        { kind: 'text' },
        'executor ',
        id('executorId'),
        ', partition ',
        int('partition'),
        ',',
      ],
      // "Finished task 3.0 in stage 1.0 (TID 3) in 412 ms on 127.0.0.1 (executor 0) (4/200)"
      [
        'Finished ',
        ...task(),
        ' in ',
        int(),
        ' ms on ',
        host('host'),
        ' (executor ',
        id('executorId'),
        ')',
      ],
      // "Lost task 89.0 in stage 3.0 (TID 294) (192.0.2.2 executor 0): ExecutorLostFailure …"
      ['Lost ', ...task(), ' (', host('host'), ' executor ', id('executorId'), ')'],
      // Executor side: "Running task 1.0 in stage 1.0 (TID 1)", "Exception in task 3.0 in stage 7.0 (TID 60)"
      ['Running ', ...task()],
      ['Exception in ', ...task()],
      // "Got assigned task 12" (CoarseGrainedExecutorBackend)
      ['Got assigned task ', int('taskId')],
      // "Lost executor 0 on 192.0.2.2: Command exited with code 137"
      ['Lost executor ', id('executorId'), ' on ', host('host'), ':'],
      // "Executor app-20261125021704-0000/0 removed: Command exited with code 137"
      ['Executor ', app('appId'), '/', id('executorId'), ' removed:'],
      // StandaloneAppClient: "Executor added: app-…/0 on worker-…", "Executor updated: app-…/0 is now RUNNING"
      ['Executor added: ', app('appId'), '/', id('executorId'), ' on '],
      ['Executor updated: ', app('appId'), '/', id('executorId'), ' is now '],
      ['Granted executor ID ', app('appId'), '/', id('executorId'), ' on hostPort '],
      // Master / Worker / StandaloneSchedulerBackend name the app id at start.
      ['Connected to Spark cluster with app ID ', app('appId')],
      ['Registered app ', text, ' with ID ', app('appId')],
      ['Asked to launch executor ', app('appId'), '/', id('executorId'), ' '],
      ['Launching executor ', app('appId'), '/', id('executorId'), ' '],
    ],
  },
  {
    name: 'job',
    anchored: false,
    wordEnd: true,
    rules: [
      ['Job ', int('jobId'), ' finished'],
      ['Got job ', int('jobId')],
    ],
  },
  {
    name: 'stage',
    anchored: false,
    rules: [
      ['ShuffleMapStage ', int('stageId'), ' ('],
      ['ResultStage ', int('stageId'), ' ('],
      ['Stage ', int('stageId'), ' ('],
    ],
  },
];

// Context keys (Spark's MDC, `mdc.*` local properties and the Sparkwatch plugin's keys) read per
// document field, in the order they win. Plugin keys come first: they are set on purpose.
export const CONTEXT_KEYS = {
  appId: ['appId', 'mdc.appId', 'app_id'],
  stageId: ['stageId', 'stage_id'],
  stageAttempt: ['stageAttempt', 'stage_attempt_id'],
  taskId: ['taskId', 'task_id'],
  partition: ['partition', 'partition_id'],
  jobId: ['job_id'],
  batchId: ['batch_id', 'mdc.batchId'],
  queryId: ['query_id'],
  executorId: ['executorId', 'executor_id'],
  traceId: ['traceId', 'trace_id', 'mdc.traceId'],
  spanId: ['spanId', 'span_id', 'mdc.spanId'],
  host: ['host'],
} as const;

/** The id fields of a document, in the order they are written. */
export const ID_ORDER = [
  'appId',
  'appName',
  'stageId',
  'stageAttempt',
  'taskId',
  'taskAttempt',
  'partition',
  'jobId',
  'batchId',
  'queryId',
  'executorId',
  'traceId',
  'spanId',
  'host',
] as const;

/** The regular-expression body of one token (JavaScript flavour, also valid for Oniguruma). */
export function tokenRegex(token: Token, capture: boolean): string {
  if (typeof token === 'string') return token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const body = {
    int: '\\d+',
    id: '[0-9A-Za-z_]+',
    host: '[^\\s:,()]+',
    appId: '[A-Za-z0-9-]+',
    text: '.*?',
  }[token.kind];
  return capture && token.field ? `(${body})` : body;
}

/** One JavaScript RegExp per group; free groups join their rules in one alternation. */
export function compileGroup(group: RuleGroup): { regex: RegExp; fields: MessageField[] }[] {
  const body = (rule: Token[]) => rule.map((t) => tokenRegex(t, true)).join('');
  const fields = (rule: Token[]) =>
    rule.flatMap((t) => (typeof t !== 'string' && t.field ? [t.field] : []));
  if (group.anchored)
    return group.rules.map((rule) => ({
      regex: new RegExp(`^${body(rule)}`),
      fields: fields(rule),
    }));
  const end = group.wordEnd ? '\\b' : '';
  return [
    {
      regex: new RegExp(group.rules.map((rule) => `\\b${body(rule)}${end}`).join('|')),
      fields: group.rules.flatMap(fields),
    },
  ];
}
