/**
 * A 40,000-span trace of one Spark batch run (application → 20 jobs → 200 stages → 39,779 tasks),
 * sent to Jaeger over OTLP/HTTP under a fixed trace id, for the large-trace benchmarks
 * (`npm run bench:api`, `npm run bench:ui`). Not part of the incident scenario: its own service
 * and app id. Idempotent: a trace already complete is left alone.
 *
 *   npx tsx scripts/seed/large-trace.ts
 */
import { hexId, random, sparkAppId } from './ids';
import { postOtlp } from './otlp';
import { attrs, type OtlpSpan } from './traces';

export const LARGE_TRACE = {
  traceId: hexId('sparkwatch:large-trace:v1', 16),
  service: 'sparkwatch-large-batch',
  spanCount: 40_000,
};

const JOBS = 20;
const STAGES_PER_JOB = 10;
const TASKS = LARGE_TRACE.spanCount - 1 - JOBS - JOBS * STAGES_PER_JOB;

const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;
/** Every span of the trace, the run starting at `start` (epoch ms). */
export function largeTraceSpans(start: number): { appId: string; spans: OtlpSpan[] } {
  const { traceId } = LARGE_TRACE;
  const appId = sparkAppId(start, 40);
  const next = random(40_000);
  const base = { 'spark.app.id': appId, 'spark.app.name': LARGE_TRACE.service };
  const span = (seed: string, o: Omit<OtlpSpan, 'traceId' | 'spanId' | 'kind'>): OtlpSpan => ({
    traceId,
    spanId: hexId(`${traceId}:${seed}`, 8),
    kind: 1,
    ...o,
  });
  const jobMs = 60_000;
  const root = span('app', {
    name: `application ${LARGE_TRACE.service}`,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(start + JOBS * jobMs),
    attributes: attrs(base),
  });
  const spans = [root];
  let stageId = 0;
  let taskId = 0;
  for (let j = 0; j < JOBS; j += 1) {
    const jobStart = start + j * jobMs;
    const job = span(`job:${j}`, {
      parentSpanId: root.spanId,
      name: `job ${j}`,
      startTimeUnixNano: nanos(jobStart),
      endTimeUnixNano: nanos(jobStart + jobMs - 100),
      attributes: attrs({ ...base, 'spark.job.id': String(j) }),
    });
    spans.push(job);
    for (let s = 0; s < STAGES_PER_JOB; s += 1, stageId += 1) {
      const stageMs = (jobMs - 100) / STAGES_PER_JOB;
      const stageStart = jobStart + s * stageMs;
      // Tasks spread evenly over the stages; the first stages take the remainder.
      const tasks =
        Math.floor(TASKS / (JOBS * STAGES_PER_JOB)) +
        (stageId < TASKS % (JOBS * STAGES_PER_JOB) ? 1 : 0);
      const stageAttrs = { ...base, 'spark.job.id': String(j), 'spark.stage.id': String(stageId) };
      const stage = span(`stage:${stageId}`, {
        parentSpanId: job.spanId,
        name: `stage ${stageId}`,
        startTimeUnixNano: nanos(stageStart),
        endTimeUnixNano: nanos(stageStart + stageMs - 10),
        attributes: attrs({ ...stageAttrs, 'spark.stage.num_tasks': tasks }),
      });
      spans.push(stage);
      for (let t = 0; t < tasks; t += 1, taskId += 1) {
        const taskStart = stageStart + next() * stageMs * 0.5;
        const failed = taskId % 997 === 0;
        spans.push(
          span(`task:${taskId}`, {
            parentSpanId: stage.spanId,
            name: `task ${taskId}`,
            startTimeUnixNano: nanos(taskStart),
            endTimeUnixNano: nanos(taskStart + 50 + next() * stageMs * 0.4),
            attributes: attrs({
              ...stageAttrs,
              'spark.task.id': String(taskId),
              'spark.task.partition': t,
              'spark.task.attempt': 0,
              'spark.executor.id': String(1 + (taskId % 8)),
              'spark.task.locality': t % 5 ? 'PROCESS_LOCAL' : 'NODE_LOCAL',
              'spark.task.input_bytes': Math.floor(next() * 64 * 1024 * 1024),
              'spark.task.shuffle_read_bytes': Math.floor(next() * 8 * 1024 * 1024),
            }),
            ...(failed ? { status: { code: 2 as const, message: 'ExecutorLostFailure' } } : {}),
          }),
        );
      }
    }
  }
  return { appId, spans };
}

/** Spans the stored trace holds (0 when Jaeger does not know it). */
async function storedSpans(jaegerUrl: string): Promise<number> {
  const response = await fetch(`${jaegerUrl}/api/v3/traces/${LARGE_TRACE.traceId}`);
  if (response.status === 404) {
    await response.body?.cancel();
    return 0;
  }
  if (!response.ok) throw new Error(`Jaeger answered ${response.status} for the large trace`);
  return (await response.text()).split('"spanId"').length - 1;
}

/** Sends the trace unless Jaeger already holds all of it. */
export async function seedLargeTrace(urls: { jaeger: string; otlp: string }): Promise<string> {
  const stored = await storedSpans(urls.jaeger);
  if (stored >= LARGE_TRACE.spanCount) return `large trace ${LARGE_TRACE.traceId} already stored`;
  if (stored > 0)
    throw new Error(
      `Jaeger holds ${stored} of the large trace's ${LARGE_TRACE.spanCount} spans (an interrupted seed); restart Jaeger (in-memory) and seed again`,
    );
  const { appId, spans } = largeTraceSpans(Date.now() - 3600_000);
  const resource = {
    attributes: attrs({
      'service.name': LARGE_TRACE.service,
      'spark.app.id': appId,
      'spark.app.name': LARGE_TRACE.service,
    }),
  };
  // The OTLP receiver caps a request's body (20 MiB by default): a few thousand spans at a time.
  for (let i = 0; i < spans.length; i += 4000) {
    const body = {
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              scope: { name: 'sparkwatch.seed', version: '1.0.0' },
              spans: spans.slice(i, i + 4000),
            },
          ],
        },
      ],
    };
    await postOtlp(urls.otlp, body);
  }
  // Jaeger stores spans shortly after the receiver accepts them.
  for (let waited = 0; waited < 30_000; waited += 500) {
    if ((await storedSpans(urls.jaeger)) >= LARGE_TRACE.spanCount)
      return `large trace ${LARGE_TRACE.traceId} sent (${spans.length} spans)`;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Jaeger did not store the ${spans.length} spans of the large trace in 30 s`);
}

export function largeTraceUrls(): { jaeger: string; otlp: string } {
  const env = (name: string, fallback: string) =>
    (process.env[name] ?? fallback).replace(/\/+$/, '');
  return {
    jaeger: env('JAEGER_URL', `http://127.0.0.1:${process.env.SW_JAEGER_PORT || 16686}`),
    otlp: env('OTLP_HTTP_URL', `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT || 4318}`),
  };
}

if (process.argv[1]?.endsWith('large-trace.ts')) {
  seedLargeTrace(largeTraceUrls()).then(
    (message) => console.log(message),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
