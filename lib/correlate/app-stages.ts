import 'server-only';
import type {
  AppStages,
  SparkJob,
  SparkOrigin,
  SparkStage,
  StageSummaries,
  TaskQuantiles,
} from '@/lib/domain/spark';
import type { Correlated } from '@/lib/domain/types';
import { UpstreamError } from '@/lib/http/errors';
import type { SparkAppRef } from '@/lib/sources/spark/client';
import { listJobs } from '@/lib/sources/spark/jobs';
import { listStages, taskSummary } from '@/lib/sources/spark/stages';
import { fanOut } from './fan-out';
import { readSpark, resolveSparkApp } from './spark-target';
import { inStageOrder, jobRows, jobsByStage, mayBeSkewed, stageRow, stageRows } from './stages';

/** Task summaries asked of one Spark server at a time: enough to overlap, few enough to be kind. */
export const SUMMARY_CONCURRENCY = 4;

type StageRef = { stageId: number; attemptId: number };
const keyOf = (s: StageRef) => `${s.stageId}.${s.attemptId}`;

/**
 * One `taskSummary` per stage attempt, SUMMARY_CONCURRENCY at a time. A stage Spark has no task
 * metrics for yet (404) has no entry; other failures are returned, not thrown.
 */
async function summariesOf(
  ref: SparkAppRef,
  stages: StageRef[],
  signal: AbortSignal,
): Promise<{ found: Map<string, TaskQuantiles>; failures: unknown[] }> {
  const found = new Map<string, TaskQuantiles>();
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < stages.length) {
      const s = stages[next++]!;
      try {
        found.set(keyOf(s), await taskSummary(ref, s, { signal }));
      } catch (error) {
        if (!(error instanceof UpstreamError && error.status === 404)) failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_CONCURRENCY }, worker));
  if (signal.aborted) throw signal.reason;
  return { found, failures };
}

const failedText = (failures: unknown[]) =>
  failures[0] instanceof UpstreamError ? failures[0].publicMessage : 'failed';

/**
 * The task quantiles of the stages that can be flagged as skew, read one `taskSummary` each.
 * Spark computes a summary per stage in milliseconds, so asking for every stage's with the list
 * (`withSummaries`) took seconds on an app of thousands; a stage too short or with too few tasks
 * cannot be skewed whatever its quantiles say (the page asks for those it shows through
 * appStageSummaries). A failure is a warning naming how many stages went unjudged.
 */
export async function withSkewQuantiles(
  ref: SparkAppRef,
  stages: SparkStage[],
  signal: AbortSignal,
): Promise<{ stages: SparkStage[]; warnings: string[] }> {
  const candidates = stages.filter(mayBeSkewed);
  const { found, failures } = await summariesOf(ref, candidates, signal);
  const warnings = failures.length
    ? [
        `the task quantiles of ${failures.length} of ${candidates.length} stages long enough to be skewed could not be read (${failedText(failures)}): their skew is not judged`,
      ]
    : [];
  return {
    stages: stages.map((s) => {
      const q = found.get(keyOf(s));
      return q ? { ...s, taskQuantiles: q } : s;
    }),
    warnings,
  };
}

/**
 * The task-duration quantiles of some stage attempts of an app (the stage table asks for the rows
 * in view whose quantiles the stage list did not carry). A stage with no task metrics yet is left
 * out; Spark unreachable is the `spark` source's error.
 */
export async function appStageSummaries(
  appId: string,
  stages: StageRef[],
  signal: AbortSignal,
): Promise<Correlated<StageSummaries>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const read = await readSpark(await resolveSparkApp(appId, s), (ref) =>
          summariesOf(ref, stages, s),
        );
        const { found, failures } = read.value;
        return {
          value: stages.flatMap((ref) => {
            const q = found.get(keyOf(ref));
            return q
              ? [{ ...ref, taskDurationMs: { quantiles: q.quantiles, values: q.durationMs } }]
              : [];
          }),
          warnings: [
            ...read.warnings,
            ...(failures.length
              ? [
                  `the task quantiles of ${failures.length} of ${stages.length} stages could not be read (${failedText(failures)})`,
                ]
              : []),
          ],
        };
      },
    },
    signal,
  );
  return { data: { appId, summaries: data.spark ?? [] }, sources };
}

/**
 * The answer's rows as JSON text, written while the stage list downloads: the jobs' as soon as they
 * are in, each batch of stages' then (a batch that came first waits for the jobs). The stages that
 * can be skewed are given back to the list, to be written once their task quantiles are read. By
 * the list's last byte most of the answer is text, and the list holds a few stages, not thousands:
 * rows and JSON.stringify are off its critical path, and the garbage collector has less to copy.
 * The text is that of jobRows and stageRows.
 */
export class RowsText {
  jobs = '[]';
  private jobsOf: Map<number, number[]> | undefined;
  private waiting: SparkStage[] = [];
  private written: (Pick<SparkStage, 'submitted' | 'stageId' | 'attemptId'> & { json: string })[] =
    [];

  /** Takes the stage list batch by batch (a ListSink): each attempt at it starts over. */
  readonly sink = (): ((stages: SparkStage[]) => SparkStage[]) => {
    this.waiting = [];
    this.written = [];
    return (stages) => this.write(stages);
  };

  setJobs(jobs: SparkJob[]): void {
    this.jobs = JSON.stringify(jobRows(jobs));
    this.jobsOf = jobsByStage(jobs);
    const waiting = this.waiting;
    this.waiting = [];
    this.write(waiting);
  }

  /**
   * The rows of the whole list, given the stages it held (with their quantiles), as a JSON array.
   * Called once both lists are read: the jobs are in, so no stage is waiting for them.
   */
  stages(held: SparkStage[]): string {
    const jobsOf = this.jobsOf;
    if (!jobsOf) throw new Error('the stage rows were asked for before the jobs were read');
    const rows = [...this.written, ...held.map((s) => this.row(s, jobsOf))];
    return `[${rows
      .sort(inStageOrder)
      .map((r) => r.json)
      .join(',')}]`;
  }

  /** Writes the rows it can; answers the stages the list keeps (those that can be skewed). */
  private write(stages: SparkStage[]): SparkStage[] {
    const held: SparkStage[] = [];
    for (const s of stages)
      if (mayBeSkewed(s)) held.push(s);
      else if (!this.jobsOf) this.waiting.push(s);
      else this.written.push(this.row(s, this.jobsOf));
    return held;
  }

  private row(s: SparkStage, jobsOf: Map<number, number[]>) {
    const { submitted, stageId, attemptId } = s;
    return { submitted, stageId, attemptId, json: JSON.stringify(stageRow(s, jobsOf)) };
  }
}

/** An app's rows and the warnings of reading them from one of its Spark servers. */
type ReadRows<R> = (
  ref: SparkAppRef,
  signal: AbortSignal,
) => Promise<{ rows: R; warnings: string[] }>;

/**
 * An app's stage answer with its rows read by `read` from the first of the app's Spark servers
 * that answers, or `none` when Spark did not answer.
 */
async function correlatedStages<R extends { jobs: unknown; stages: unknown }>(
  appId: string,
  signal: AbortSignal,
  read: ReadRows<R>,
  none: R,
): Promise<Correlated<{ appId: string; origin?: SparkOrigin } & R>> {
  const { data, sources } = await fanOut(
    {
      spark: async (s) => {
        const got = await readSpark(await resolveSparkApp(appId, s), (ref) => read(ref, s));
        return {
          value: { origin: got.ref.target.origin, rows: got.value.rows },
          warnings: [...got.warnings, ...got.value.warnings],
        };
      },
    },
    signal,
  );
  const origin = data.spark ? { origin: data.spark.origin } : {};
  return { data: { appId, ...origin, ...(data.spark?.rows ?? none) }, sources };
}

/**
 * An app's jobs and diagnosed stages from Spark's own record: its driver UI while it runs, the
 * History Server afterwards. Spark unreachable is the `spark` source's error, not a failed call.
 * Task quantiles come with the stages that can be skewed; `everyQuantile` asks for every stage's
 * (an incident freezes them: its page cannot ask Spark later).
 */
export function appStages(
  appId: string,
  signal: AbortSignal,
  { everyQuantile = false }: { everyQuantile?: boolean } = {},
): Promise<Correlated<AppStages>> {
  return correlatedStages(
    appId,
    signal,
    async (ref, s) => {
      // Jobs and stages in parallel from the same server, then the skew candidates' quantiles.
      const [jobs, stages] = await Promise.all([
        listJobs(ref, { signal: s }),
        listStages(ref, { withSummaries: everyQuantile }, { signal: s }),
      ]);
      const judged = everyQuantile
        ? { stages, warnings: [] }
        : await withSkewQuantiles(ref, stages, s);
      return {
        rows: { jobs: jobRows(jobs), stages: stageRows(judged.stages, jobs) },
        warnings: judged.warnings,
      };
    },
    { jobs: [], stages: [] },
  );
}

/** AppStages with its rows as JSON text (`jobs`: JobRow[], `stages`: StageRow[]). */
export interface AppStagesText {
  appId: string;
  origin?: SparkOrigin;
  jobs: string;
  stages: string;
}

/**
 * appStages for the stages route, its rows written as JSON while the stage list downloads
 * (RowsText): the route puts the text in its answer as it is.
 */
export function appStagesText(
  appId: string,
  signal: AbortSignal,
): Promise<Correlated<AppStagesText>> {
  return correlatedStages(
    appId,
    signal,
    async (ref, s) => {
      // As appStages reads them; the rows keep what they need of the jobs and the stages they
      // wrote, and the list holds only the stages waiting for their quantiles.
      const rows = new RowsText();
      const [, held] = await Promise.all([
        listJobs(ref, { signal: s }).then((jobs) => rows.setJobs(jobs)),
        listStages(ref, {}, { signal: s }, rows.sink),
      ]);
      const judged = await withSkewQuantiles(ref, held, s);
      return {
        rows: { jobs: rows.jobs, stages: rows.stages(judged.stages) },
        warnings: judged.warnings,
      };
    },
    { jobs: '[]', stages: '[]' },
  );
}
