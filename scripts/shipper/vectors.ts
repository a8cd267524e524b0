/**
 * Hand-written Spark 4 JSON log lines for the branches a captured run rarely reaches (executor
 * lost, exceptions, micro-batch ids). One set, shared by the shipper's tests (enrich.test.ts) and
 * the Fluent Bit filter's (scripts/deploy/fluent-bit.deploy.test.ts): both must turn each into the
 * same document. Shapes as in shared/docs/spark-telemetry.md §2.
 */
export const VECTOR_APP = 'app-20261125021704-0000';

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

export const VECTORS = {
  /** A task-thread line: app and trace from mdc, stage and task from task_name. */
  executorTask: line({
    ts: '2026-11-25T02:17:31.123Z',
    level: 'INFO',
    msg: 'Finished task 7.0 in stage 12.0 (TID 845). 2245 bytes result sent to driver',
    context: {
      'mdc.appId': VECTOR_APP,
      'mdc.traceId': '4bf92f3577b34da6a3ce929d0e0e4736',
      task_name: 'task 7.0 in stage 12.0 (TID 845)',
    },
    logger: 'Executor',
  }),
  microBatch: line({
    ts: '2026-11-25T02:17:40.000Z',
    level: 'INFO',
    msg: 'Streaming query made progress: {}',
    context: { batch_id: '42', query_id: 'q-1', run_id: 'r-1' },
    logger: 'MicroBatchExecution',
  }),
  lostExecutor: line({
    ts: '2026-11-25T02:20:00.000Z',
    level: 'ERROR',
    msg: 'Lost executor 0 on 192.0.2.2: Command exited with code 137',
    logger: 'TaskSchedulerImpl',
  }),
  lostTask: line({
    ts: '2026-11-25T02:20:00.010Z',
    level: 'WARN',
    msg: 'Lost task 89.0 in stage 3.0 (TID 294) (192.0.2.2 executor 0): ExecutorLostFailure (executor 0 exited caused by one of the running tasks) Reason: Command exited with code 137',
    logger: 'TaskSetManager',
  }),
  executorRemoved: line({
    ts: '2026-11-25T02:20:00.020Z',
    level: 'INFO',
    msg: `Executor ${VECTOR_APP}/0 removed: Command exited with code 137`,
    logger: 'StandaloneSchedulerBackend',
  }),
  fetchFailed: line({
    ts: '2026-11-25T02:21:00.000Z',
    level: 'ERROR',
    msg: 'Exception in task 3.0 in stage 7.0 (TID 60)',
    exception: {
      class: 'org.apache.spark.shuffle.FetchFailedException',
      msg: 'Failed to connect',
      stacktrace: [{ class: 'a.B', method: 'run', file: 'B.scala', line: 10 }],
    },
    logger: 'Executor',
  }),
} as const;
