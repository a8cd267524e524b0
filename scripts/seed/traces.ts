/**
 * OTLP/JSON traces of the scenario, in the shape the Miaradia listener sends: one trace per
 * micro-batch (batch → progress phases, batch → job → stages) and one per nightly run.
 */
import { TRIGGER_PHASES } from '@/lib/domain/spark';
import { hexId } from './ids';
import { type JobRun, type Scenario, traceSeed } from './scenario';

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 1;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: { stringValue: string } | { intValue: string } }[];
  status?: { code: 1 | 2; message?: string };
}

export interface OtlpPayload {
  resourceSpans: {
    resource: { attributes: OtlpSpan['attributes'] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
export const attrs = (map: Record<string, string | number>) =>
  Object.entries(map).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  }));

function span(
  traceId: string,
  seed: string,
  o: {
    parent?: string;
    name: string;
    start: number;
    end: number;
    attributes: Record<string, string | number>;
    error?: string;
  },
): OtlpSpan {
  return {
    traceId,
    spanId: hexId(seed, 8),
    ...(o.parent ? { parentSpanId: o.parent } : {}),
    name: o.name,
    kind: 1,
    startTimeUnixNano: nanos(o.start),
    endTimeUnixNano: nanos(o.end),
    attributes: attrs(o.attributes),
    ...(o.error ? { status: { code: 2 as const, message: o.error } } : {}),
  };
}

function jobSpans(
  traceId: string,
  parent: string,
  job: JobRun,
  base: Record<string, string>,
): OtlpSpan[] {
  const jobSeed = `${traceId}:job:${job.jobId}`;
  const jobSpan = span(traceId, jobSeed, {
    parent,
    name: `job ${job.jobId}`,
    start: job.start,
    end: job.end,
    attributes: { ...base, 'spark.job.id': String(job.jobId) },
  });
  const stages = job.stages.map((st) =>
    span(traceId, `${jobSeed}:stage:${st.stageId}:${st.attempt}`, {
      parent: jobSpan.spanId,
      name: `stage ${st.stageId}${st.attempt ? ` (attempt ${st.attempt})` : ''}`,
      start: st.start,
      end: st.end,
      attributes: {
        ...base,
        'spark.job.id': String(job.jobId),
        'spark.stage.id': String(st.stageId),
        'spark.stage.attempt': String(st.attempt),
        'spark.stage.kind': st.kind,
        'spark.stage.num_tasks': st.tasks.length,
        'spark.stage.failed_tasks': st.tasks.filter((t) => t.failed).length,
      },
      ...(st.failure ? { error: st.failure } : {}),
    }),
  );
  return [jobSpan, ...stages];
}

function payload(service: string, appId: string, spans: OtlpSpan[]): OtlpPayload {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attrs({
            'service.name': service,
            'spark.app.id': appId,
            'spark.app.name': service,
            'telemetry.sdk.language': 'python',
          }),
        },
        scopeSpans: [{ scope: { name: 'miaradia.listener', version: '1.0.0' }, spans }],
      },
    ],
  };
}

/** One OTLP payload per trace. */
export function scenarioTraces(sc: Scenario): { traceId: string; payload: OtlpPayload }[] {
  const s = sc.streaming;
  const out: { traceId: string; payload: OtlpPayload }[] = [];
  for (const b of s.batches) {
    const traceId = hexId(traceSeed.batch(s.appId, b.batchId), 16);
    const base = {
      'spark.app.id': s.appId,
      'spark.app.name': s.appName,
      'spark.streaming.query.name': s.query,
      'spark.streaming.query.id': s.queryId,
      'spark.streaming.batch.id': String(b.batchId),
    };
    const root = span(traceId, `${traceId}:batch`, {
      name: `batch ${b.batchId}`,
      start: b.start,
      end: b.start + b.durationMs,
      attributes: {
        ...base,
        'spark.streaming.num_input_rows': b.numInputRows,
        'spark.streaming.run.id': s.runId,
      },
      ...(b.batchId === s.spikeBatchId
        ? { error: `executor ${s.lostExecutorId} lost during the batch` }
        : {}),
    });
    let cursor = b.start;
    const phases = TRIGGER_PHASES.map((phase) => {
      const ms = b.phases[phase];
      const p = span(traceId, `${traceId}:${phase}`, {
        parent: root.spanId,
        name: phase,
        start: cursor,
        end: cursor + ms,
        attributes: base,
      });
      cursor += ms;
      return p;
    });
    out.push({
      traceId,
      payload: payload(s.appName, s.appId, [
        root,
        ...phases,
        ...jobSpans(traceId, root.spanId, b.job, base),
      ]),
    });
  }
  const n = sc.batch;
  const traceId = hexId(traceSeed.app(n.appId), 16);
  const base = { 'spark.app.id': n.appId, 'spark.app.name': n.appName };
  const root = span(traceId, `${traceId}:app`, {
    name: `application ${n.appName}`,
    start: n.startedAt,
    end: n.endedAt,
    attributes: base,
  });
  out.push({
    traceId,
    payload: payload(n.appName, n.appId, [
      root,
      ...n.jobs.flatMap((j) => jobSpans(traceId, root.spanId, j, base)),
    ]),
  });
  return out;
}
