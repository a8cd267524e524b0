/**
 * A generated Spark event log of one finished app with many stages and executors, for the stage
 * routes' benchmark (`npm run bench:api`, BENCH_ONLY=stages): each event is a copy of one a real
 * pyspark 4.0.5 run wrote (scripts/seed/fixtures/spark.event-log.template.jsonl, one line per
 * event kind, machine paths replaced) with its ids and times rewritten, so the History Server
 * replays it as it would a real app's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Event = Record<string, unknown> & { Event: string };

export interface LargeEventLog {
  appId: string;
  stages: number;
  executors: number;
  tasksPerStage: number;
}

export const LARGE_EVENT_LOG: LargeEventLog = {
  appId: 'app-20260101000000-0000',
  stages: 2000,
  executors: 200,
  tasksPerStage: 4,
};

function templates(): Map<string, Event> {
  const file = path.join(__dirname, 'fixtures', 'spark.event-log.template.jsonl');
  const events = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Event);
  return new Map(events.map((e) => [e.Event, e]));
}

const clone = <T>(v: T): T => structuredClone(v);

/** Writes the log as `<dir>/<appId>` (a single uncompressed file: a finished app). */
export function writeLargeEventLog(dir: string, log: LargeEventLog = LARGE_EVENT_LOG): string {
  const t = templates();
  const of = (kind: string): Event => {
    const e = t.get(kind);
    if (!e) throw new Error(`the event log template has no ${kind}`);
    return clone(e);
  };
  const start = Date.UTC(2026, 0, 1);
  const lines: string[] = [];
  const emit = (e: Event) => lines.push(JSON.stringify(e));
  emit(of('SparkListenerLogStart'));
  emit(of('SparkListenerResourceProfileAdded'));
  emit(of('SparkListenerEnvironmentUpdate'));
  emit({
    ...of('SparkListenerApplicationStart'),
    'App Name': 'bench-stages',
    'App ID': log.appId,
    Timestamp: start,
  });
  for (let i = 1; i <= log.executors; i += 1) {
    const e = of('SparkListenerExecutorAdded');
    const info = e['Executor Info'] as Record<string, unknown>;
    info.Host = `10.0.${Math.floor(i / 250)}.${i % 250}`;
    emit({ ...e, Timestamp: start + i, 'Executor ID': String(i) });
  }
  let clock = start + 10_000;
  let taskId = 0;
  for (let s = 0; s < log.stages; s += 1) {
    const submitted = clock;
    const stageInfo = (extra: Record<string, unknown>) => ({
      ...(clone(of('SparkListenerStageSubmitted')['Stage Info']) as Record<string, unknown>),
      'Stage ID': s,
      'Stage Attempt ID': 0,
      'Stage Name': `stage ${s} at bench.py:${s}`,
      'Number of Tasks': log.tasksPerStage,
      'Parent IDs': [],
      'Submission Time': submitted,
      Accumulables: [],
      ...extra,
    });
    const job = of('SparkListenerJobStart');
    emit({
      ...job,
      'Job ID': s,
      'Submission Time': submitted,
      'Stage Infos': [stageInfo({})],
      'Stage IDs': [s],
    });
    emit({
      ...of('SparkListenerStageSubmitted'),
      'Stage Info': stageInfo({}),
    });
    let finished = submitted;
    for (let k = 0; k < log.tasksPerStage; k += 1, taskId += 1) {
      const executor = String((taskId % log.executors) + 1);
      // One slow task in every tenth stage: some stages carry a skew flag, as real ones do.
      const runMs = 100 + ((taskId * 37) % 400) + (s % 10 === 0 && k === 0 ? 5000 : 0);
      const launched = submitted + 5 + k;
      const info = (done: boolean) => ({
        ...(clone(of('SparkListenerTaskStart')['Task Info']) as Record<string, unknown>),
        'Task ID': taskId,
        Index: k,
        'Partition ID': k,
        'Launch Time': launched,
        'Executor ID': executor,
        Host: `10.0.${Math.floor(Number(executor) / 250)}.${Number(executor) % 250}`,
        'Finish Time': done ? launched + runMs : 0,
        Accumulables: [],
      });
      emit({ ...of('SparkListenerTaskStart'), 'Stage ID': s, 'Task Info': info(false) });
      const end = of('SparkListenerTaskEnd');
      const metrics = end['Task Metrics'] as Record<string, unknown>;
      metrics['Executor Run Time'] = runMs;
      metrics['JVM GC Time'] = Math.floor(runMs / 20);
      emit({ ...end, 'Stage ID': s, 'Task Info': info(true), 'Task Metrics': metrics });
      finished = Math.max(finished, launched + runMs);
    }
    const completed = finished + 5;
    emit({
      ...of('SparkListenerStageCompleted'),
      'Stage Info': stageInfo({ 'Completion Time': completed }),
    });
    emit({ ...of('SparkListenerJobEnd'), 'Job ID': s, 'Completion Time': completed });
    clock = completed + 10;
  }
  emit({ ...of('SparkListenerApplicationEnd'), Timestamp: clock + 1000 });
  const file = path.join(dir, log.appId);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
