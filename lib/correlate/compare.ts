/**
 * Run-to-run comparison: pure functions over two runs' Spark records (no I/O). Stages are matched
 * by what the code did, not by id — a run that adds a job shifts every later stage id.
 */
import type {
  Run,
  SparkApplication,
  SparkStage,
  StageDelta,
  StageMetrics,
} from '@/lib/domain/spark';
import { stageFlags } from './stages';

/** Stages that ran: skipped (reused shuffle output) and pending ones have nothing to compare. */
const RAN = new Set(['COMPLETE', 'ACTIVE', 'FAILED']);

export function toRun(app: SparkApplication): Run {
  const a = app.attempts[0];
  return {
    appId: app.appId,
    name: app.name,
    ...(a?.start ? { start: a.start } : {}),
    ...(a?.end ? { end: a.end } : {}),
    ...(a ? { durationMs: a.durationMs } : {}),
    completed: a?.completed ?? false,
  };
}

/**
 * The newest other run of the same name that started before `current`, from a History Server's
 * application list (newest first), and every other run of that name.
 */
export function runsOfName(
  current: SparkApplication,
  listed: SparkApplication[],
): { previous?: Run; runs: Run[] } {
  const start = current.attempts[0]?.start ?? Infinity;
  const runs = listed
    .filter((a) => a.name === current.name && a.appId !== current.appId)
    .map(toRun)
    .sort((a, b) => (b.start ?? 0) - (a.start ?? 0));
  const previous = runs.find((r) => (r.start ?? 0) < start);
  return { ...(previous ? { previous } : {}), runs };
}

export function stageMetrics(s: SparkStage): StageMetrics {
  const from = s.submitted;
  const to = s.completed;
  return {
    stageId: s.stageId,
    attemptId: s.attemptId,
    status: s.status,
    ...(from ? { submitted: from } : {}),
    ...(to ? { completed: to } : {}),
    durationMs: from !== undefined && to !== undefined ? Math.max(0, to - from) : 0,
    numTasks: s.numTasks,
    runTimeMs: s.executorRunTimeMs,
    gcTimeMs: s.jvmGcTimeMs,
    shuffleReadBytes: s.shuffleReadBytes,
    shuffleWriteBytes: s.shuffleWriteBytes,
    spillBytes: s.memoryBytesSpilled + s.diskBytesSpilled,
    inputRecords: s.inputRecords,
    outputRecords: s.outputRecords,
    shuffleReadRecords: s.shuffleReadRecords,
    shuffleWriteRecords: s.shuffleWriteRecords,
    flags: stageFlags(s),
  };
}

interface Keyed {
  key: string;
  stage: SparkStage;
}

/** A call site without its line numbers: an overload or an edit moves them between runs. */
const withoutLines = (callSite: string) => callSite.replace(/:\d+\)/g, ')');

/**
 * Each stage that ran (its last attempt) keyed by its job description or name and call site, and
 * its rank among the run's stages with the same pair (in submission order): PySpark names every
 * stage after the same JVM frame, so the pair alone is rarely unique.
 */
export function keyStages(stages: SparkStage[]): Keyed[] {
  const last = new Map<number, SparkStage>();
  for (const s of stages) {
    if (!RAN.has(s.status)) continue;
    const seen = last.get(s.stageId);
    if (!seen || s.attemptId > seen.attemptId) last.set(s.stageId, s);
  }
  const ordered = [...last.values()].sort(
    (a, b) => (a.submitted ?? Infinity) - (b.submitted ?? Infinity) || a.stageId - b.stageId,
  );
  const rank = new Map<string, number>();
  return ordered.map((stage) => {
    const base = `${stage.description ?? stage.name} · ${withoutLines(stage.callSite ?? stage.name)}`;
    const n = (rank.get(base) ?? 0) + 1;
    rank.set(base, n);
    return { key: `${base} #${n}`, stage };
  });
}

const ZERO: Omit<StageMetrics, 'stageId' | 'attemptId' | 'status' | 'flags'> = {
  durationMs: 0,
  numTasks: 0,
  runTimeMs: 0,
  gcTimeMs: 0,
  shuffleReadBytes: 0,
  shuffleWriteBytes: 0,
  spillBytes: 0,
  inputRecords: 0,
  outputRecords: 0,
  shuffleReadRecords: 0,
  shuffleWriteRecords: 0,
};

/** Current minus base for each matched stage; biggest duration regression first. */
export function stageDeltas(current: SparkStage[], base: SparkStage[]): StageDelta[] {
  const before = new Map(keyStages(base).map((k) => [k.key, k.stage]));
  const rows: StageDelta[] = [];
  const row = (key: string, c?: SparkStage, b?: SparkStage): StageDelta => {
    const cm = c ? stageMetrics(c) : undefined;
    const bm = b ? stageMetrics(b) : undefined;
    const x = cm ?? ZERO;
    const y = bm ?? ZERO;
    const named = c ?? b;
    return {
      key,
      name: named?.name ?? key,
      ...(named?.description ? { description: named.description } : {}),
      ...(cm ? { current: cm } : {}),
      ...(bm ? { base: bm } : {}),
      delta: {
        durationMs: x.durationMs - y.durationMs,
        runTimeMs: x.runTimeMs - y.runTimeMs,
        gcTimeMs: x.gcTimeMs - y.gcTimeMs,
        shuffleReadBytes: x.shuffleReadBytes - y.shuffleReadBytes,
        shuffleWriteBytes: x.shuffleWriteBytes - y.shuffleWriteBytes,
        spillBytes: x.spillBytes - y.spillBytes,
        records: x.inputRecords + x.shuffleReadRecords - (y.inputRecords + y.shuffleReadRecords),
      },
    };
  };
  for (const { key, stage } of keyStages(current)) {
    rows.push(row(key, stage, before.get(key)));
    before.delete(key);
  }
  for (const [key, stage] of before) rows.push(row(key, undefined, stage));
  return rows.sort(
    (a, b) => b.delta.durationMs - a.delta.durationMs || b.delta.runTimeMs - a.delta.runTimeMs,
  );
}

/** Properties that identify one run, not how it was configured: always different, never news. */
const PER_RUN = new Set([
  'spark.app.id',
  'spark.app.startTime',
  'spark.app.submitTime',
  'spark.driver.port',
  'spark.app.initial.jar.urls',
  'spark.app.initial.file.urls',
]);
/** Like Spark's own `spark.redaction.regex` default, plus the names our own confs use. */
const SECRET = /secret|password|token|access[._-]?key|credential|api[._-]?key|auth/i;
export const REDACTED = '*********(redacted)';

/** The Spark properties whose values differ between the runs, sorted by key, secrets redacted. */
export function propertyDiff(
  current: Record<string, string>,
  base: Record<string, string>,
): { key: string; current?: string; base?: string }[] {
  const keys = new Set([...Object.keys(current), ...Object.keys(base)]);
  const shown = (key: string, v: string | undefined) =>
    v === undefined ? {} : { value: SECRET.test(key) ? REDACTED : v };
  return [...keys]
    .filter((k) => !PER_RUN.has(k) && current[k] !== base[k])
    .sort()
    .map((key) => {
      const c = shown(key, current[key]).value;
      const b = shown(key, base[key]).value;
      return {
        key,
        ...(c === undefined ? {} : { current: c }),
        ...(b === undefined ? {} : { base: b }),
      };
    });
}
