import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SparkStage } from '@/lib/domain/spark';
import { replayBackends } from '@/lib/http/replay';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listStages } from '@/lib/sources/spark/stages';
import { RowsText, withSkewQuantiles } from './app-stages';
import { DIAGNOSIS, jobRows, mayBeSkewed, stageFlags, stageRows } from './stages';

const QUANTILES = [0, 0.25, 0.5, 0.75, 0.95, 1];

/** A healthy finished stage; each case changes what it is about. */
function stage(over: Partial<SparkStage> = {}): SparkStage {
  return {
    stageId: 1,
    attemptId: 0,
    status: 'COMPLETE',
    name: 'collect at job.py:10',
    numTasks: 16,
    numActiveTasks: 0,
    numCompleteTasks: 16,
    numFailedTasks: 0,
    numKilledTasks: 0,
    executorRunTimeMs: 20_000,
    executorCpuTimeMs: 15_000,
    jvmGcTimeMs: 200,
    inputBytes: 0,
    inputRecords: 0,
    outputBytes: 0,
    outputRecords: 0,
    shuffleReadBytes: 1000,
    shuffleReadRecords: 10,
    shuffleFetchWaitMs: 50,
    shuffleWriteBytes: 0,
    shuffleWriteRecords: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    peakExecutionMemory: 0,
    taskQuantiles: {
      quantiles: QUANTILES,
      durationMs: [900, 1000, 1100, 1200, 1300, 1400],
      executorRunTimeMs: [],
      jvmGcTimeMs: [],
      schedulerDelayMs: [],
      inputBytes: [],
      outputBytes: [],
      shuffleReadBytes: [0, 0, 0, 0, 0, 0],
      shuffleReadRecords: [],
      shuffleFetchWaitMs: [],
      shuffleWriteBytes: [],
      memoryBytesSpilled: [],
      diskBytesSpilled: [],
      peakExecutionMemory: [],
    },
    ...over,
  };
}
/** The stage as the list without summaries gives it. */
const withoutQuantiles = (s: SparkStage): SparkStage => {
  const copy = { ...s };
  delete copy.taskQuantiles;
  return copy;
};
const withDurations = (durationMs: number[], over: Partial<SparkStage> = {}) => {
  const base = stage(over);
  return { ...base, taskQuantiles: { ...base.taskQuantiles!, durationMs } };
};

describe('stage diagnosis', () => {
  it('flags nothing on a healthy stage', () => {
    expect(stageFlags(stage())).toEqual([]);
  });

  it('flags skew with the slowest task, the median and their ratio', () => {
    expect(stageFlags(withDurations([80, 100, 235, 300, 2523, 2523]))).toEqual([
      {
        kind: 'skew',
        numbers: {
          ratio: 10.7,
          maxTaskMs: 2523,
          medianTaskMs: 235,
          tasks: 16,
          threshold: DIAGNOSIS.skewRatio,
        },
      },
    ]);
  });

  it('calls a slow task with no more data than the others a straggler, not skew', () => {
    const base = withDurations([80, 100, 235, 300, 2523, 2523]);
    const even = { ...base.taskQuantiles!, shuffleReadBytes: [90, 95, 100, 100, 110, 110] };
    expect(stageFlags({ ...base, taskQuantiles: even })).toEqual([]);
    const hot = { ...base.taskQuantiles!, shuffleReadBytes: [90, 95, 100, 100, 8000, 8000] };
    expect(stageFlags({ ...base, taskQuantiles: hot })[0]?.numbers).toMatchObject({
      dataRatio: 80,
      maxTaskBytes: 8000,
      medianTaskBytes: 100,
    });
  });

  it('does not call skew with too few tasks, or a slow task only milliseconds slower', () => {
    const few = withDurations([80, 100, 235, 300, 2523, 2523], { numCompleteTasks: 4 });
    expect(stageFlags(few)).toEqual([]);
    expect(stageFlags(withDurations([1, 2, 3, 5, 40, 40]))).toEqual([]);
  });

  it('reads task quantiles only of stages that can be skewed: enough tasks, a long enough run', () => {
    expect(mayBeSkewed(stage({ submitted: 0, completed: 5_000 }))).toBe(true);
    expect(mayBeSkewed(stage({ submitted: 0, completed: 5_000, numCompleteTasks: 7 }))).toBe(false);
    // Every task ran between the first launch and the end: none can be a second over the median.
    expect(mayBeSkewed(stage({ submitted: 0, firstTaskLaunched: 4_500, completed: 5_000 }))).toBe(
      false,
    );
    expect(mayBeSkewed(stage({ submitted: 0, completed: 999 }))).toBe(false);
    // Still running: judged on what it has done so far.
    expect(mayBeSkewed(stage({ status: 'ACTIVE', submitted: 0 }))).toBe(true);
  });

  it('flags spill with the bytes spilled in memory and to disk', () => {
    expect(
      stageFlags(stage({ memoryBytesSpilled: 301_989_600, diskBytesSpilled: 2_990_300 })),
    ).toEqual([{ kind: 'spill', numbers: { memoryBytes: 301_989_600, diskBytes: 2_990_300 } }]);
  });

  it('flags GC and shuffle fetch wait by their share of run time, not on short stages', () => {
    expect(stageFlags(stage({ jvmGcTimeMs: 5000, shuffleFetchWaitMs: 4000 }))).toEqual([
      { kind: 'gc', numbers: { share: 0.25, runMs: 20_000, threshold: 0.1, gcMs: 5000 } },
      {
        kind: 'fetchWait',
        numbers: { share: 0.2, runMs: 20_000, threshold: 0.1, fetchWaitMs: 4000 },
      },
    ]);
    expect(stageFlags(stage({ executorRunTimeMs: 900, jvmGcTimeMs: 500 }))).toEqual([]);
  });

  it('flags failed tasks, a failed stage and a retried attempt', () => {
    expect(stageFlags(stage({ numFailedTasks: 1 }))).toEqual([
      { kind: 'failed', numbers: { failedTasks: 1, tasks: 16, attempt: 0, stageFailed: 0 } },
    ]);
    expect(stageFlags(stage({ status: 'FAILED' }))[0]?.numbers.stageFailed).toBe(1);
    expect(stageFlags(stage({ attemptId: 1 }))[0]?.numbers.attempt).toBe(1);
  });
});

describe('stage and job rows over a real History Server answer', () => {
  const replay = replayBackends();
  const fixture = (name: string) =>
    readFileSync(path.join(__dirname, '..', 'sources', 'spark', 'fixtures', name), 'utf8');
  const app = () => ({
    target: { origin: 'history' as const, url: replay.url },
    appId: 'app-20261201033610-0000',
  });

  /** Spark's task summary of a stage attempt: the distributions the list gives `withSummaries`. */
  const recordedSummary = (
    stageId: number,
    attemptId: number,
    list = 'spark.stages.with-summaries.json',
  ): Response => {
    const withSummaries = JSON.parse(fixture(list)) as {
      stageId: number;
      attemptId: number;
      taskMetricsDistributions?: unknown;
    }[];
    const s = withSummaries.find((x) => x.stageId === stageId && x.attemptId === attemptId);
    return s?.taskMetricsDistributions
      ? Response.json(s.taskMetricsDistributions)
      : new Response(`No tasks reported metrics for ${stageId} / ${attemptId} yet.`, {
          status: 404,
          headers: { 'content-type': 'text/plain' },
        });
  };
  const summaryPath = /\/stages\/(\d+)\/(\d+)\/taskSummary$/;
  /** The History Server of the seed's run: its jobs, its stages and their task summaries. */
  const answerTheSeed = () =>
    replay.answer((r) => {
      const summary = summaryPath.exec(r.url.pathname);
      if (summary) return recordedSummary(Number(summary[1]), Number(summary[2]));
      return new Response(
        fixture(
          r.url.pathname.endsWith('/jobs') ? 'spark.jobs.seed.json' : 'spark.stages.seed.json',
        ),
      );
    });

  it('flags the skewed sort (skew and spill) and the retried task, and nothing else', async () => {
    answerTheSeed();
    const jobs = await listJobs(app());
    const read = await withSkewQuantiles(app(), await listStages(app()), AbortSignal.timeout(5000));
    // The list without summaries, then one summary per stage that can be skewed: 8+ tasks and a
    // run over a second (stages 0, 1, 2), not the three 4-task stages.
    expect(read.warnings).toEqual([]);
    expect(
      replay.calls
        .map((c) => summaryPath.exec(c.url.pathname)?.slice(1).join('.'))
        .filter(Boolean)
        .sort(),
    ).toEqual(['0.0', '1.0', '2.0']);
    expect(replay.calls.find((c) => summaryPath.test(c.url.pathname))?.url.search).toBe(
      `?quantiles=${encodeURIComponent(QUANTILES.join(','))}`,
    );
    const rows = stageRows(read.stages, jobs);
    expect(rows.map((r) => r.stageId)).toEqual([0, 1, 2, 3, 4, 5]);
    const flagged = rows.map((r) => [r.stageId, r.description, r.flags.map((f) => f.kind)]);
    expect(flagged).toEqual([
      [0, 'skewed sort', []],
      [1, 'skewed sort', ['skew', 'spill']],
      [2, 'aggregation', []],
      [3, 'aggregation', []],
      [4, 'retried task', ['failed']],
      [5, 'retried task', []],
    ]);
    const skewed = rows[1];
    expect(skewed?.jobIds).toEqual([0]);
    expect(skewed?.flags[0]?.numbers.ratio).toBeGreaterThan(5);
    expect(skewed?.durationMs).toBeGreaterThan(0);
    expect(skewed?.taskDurationMs?.values).toHaveLength(6);
    // Counts of 0 are left out of the answer.
    expect(jobRows(jobs).map((j) => [j.jobId, j.stageIds, j.numFailedTasks])).toEqual([
      [0, [0, 1], undefined],
      [1, [2, 3], undefined],
      [2, [4, 5], 1],
    ]);
    for (const r of rows) {
      const st = read.stages.find((x) => x.stageId === r.stageId);
      expect([r.failedTasks, r.inputBytes, r.shuffleReadBytes]).toEqual([
        st?.numFailedTasks || undefined,
        st?.inputBytes || undefined,
        st?.shuffleReadBytes || undefined,
      ]);
    }
    expect(rows.some((r) => 'killedTasks' in r || 'gcShare' in r)).toBe(false);
    expect(rows.every((r) => (r.runTimeMs ?? 0) > 0)).toBe(true);
  });

  it.each([
    'spark.stages.with-summaries.json',
    'spark.stages.revenue-hot.json',
    'spark.stages.revenue-base.json',
    'spark.stages.streaming.json',
  ])('judges the same flags as from the list with every summary (%s)', async (list) => {
    replay.answer((r) => {
      const summary = summaryPath.exec(r.url.pathname);
      if (summary) return recordedSummary(Number(summary[1]), Number(summary[2]), list);
      return new Response(fixture(list));
    });
    const all = await listStages(app(), { withSummaries: true });
    const read = await withSkewQuantiles(
      app(),
      all.map(withoutQuantiles),
      AbortSignal.timeout(5000),
    );
    expect(read.warnings).toEqual([]);
    expect(read.stages.map(stageFlags)).toEqual(all.map(stageFlags));
    // Not vacuous: each run has stages that can be skewed, whose summaries were read.
    const asked = replay.calls.filter((c) => summaryPath.test(c.url.pathname)).length;
    expect(asked).toBe(all.filter(mayBeSkewed).length);
    expect(asked).toBeGreaterThan(0);
  });

  it('writes the rows as text while the list comes, in any order of jobs and stages', async () => {
    answerTheSeed();
    const jobs = await listJobs(app());
    const signal = AbortSignal.timeout(5000);
    const scenarios: Record<string, (rows: RowsText) => Promise<SparkStage[]>> = {
      'jobs first': async (rows) => {
        rows.setJobs(jobs);
        return listStages(app(), {}, {}, rows.sink);
      },
      'stages first': async (rows) => {
        const stages = await listStages(app(), {}, {}, rows.sink);
        rows.setJobs(jobs);
        return stages;
      },
      // An attempt that failed halfway had shown some stages: the next one starts over.
      'after a failed attempt': async (rows) => {
        rows.setJobs(jobs);
        rows.sink()((await listStages(app())).slice(0, 2));
        return listStages(app(), {}, {}, rows.sink);
      },
    };
    const all = await withSkewQuantiles(app(), await listStages(app()), signal);
    for (const [name, scenario] of Object.entries(scenarios)) {
      const rows = new RowsText();
      // The list holds only the stages that wait for their quantiles: 0, 1 and 2.
      const held = await scenario(rows);
      expect(held.map((s) => s.stageId).sort(), name).toEqual([0, 1, 2]);
      const read = await withSkewQuantiles(app(), held, signal);
      const stringify = vi.spyOn(JSON, 'stringify');
      const text = rows.stages(read.stages);
      // At the end only those are written.
      expect(stringify, name).toHaveBeenCalledTimes(3);
      stringify.mockRestore();
      expect(text, name).toBe(JSON.stringify(stageRows(all.stages, jobs)));
      expect(rows.jobs, name).toBe(JSON.stringify(jobRows(jobs)));
    }
  });

  it('keeps no quantiles for a stage Spark has no task metrics of, and warns of other failures', async () => {
    const stages = [
      stage({ stageId: 1, submitted: 0, completed: 60_000 }),
      stage({ stageId: 2, submitted: 0, completed: 60_000 }),
    ].map(withoutQuantiles);
    replay.answer((r) =>
      r.url.pathname.includes('/stages/1/')
        ? new Response('No tasks reported metrics for 1 / 0 yet.', { status: 404 })
        : new Response('{"quantiles": "garbage"}'),
    );
    const read = await withSkewQuantiles(app(), stages, AbortSignal.timeout(5000));
    expect(read.stages.map((s) => s.taskQuantiles)).toEqual([undefined, undefined]);
    expect(read.warnings).toEqual([
      expect.stringMatching(
        /^the task quantiles of 1 of 2 stages long enough to be skewed could not be read \(spark answered something the console cannot read\): their skew is not judged$/,
      ),
    ]);
  });
});
