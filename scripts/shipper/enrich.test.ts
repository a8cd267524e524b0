import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentId, enrich, indexFor } from './enrich';
import { VECTORS } from './vectors';

// Line shapes as Spark 4.0.5 writes them with spark.log.structuredLogging.enabled=true
// (see shared/docs/spark-telemetry.md §2): task-thread lines carry mdc.* and task_name, micro-batch
// lines carry query/batch ids, executor-lost lines carry no context at all.
const source = {
  appId: 'app-20261125021704-0000',
  appName: 'miaradia-streaming',
  executorId: 'driver',
  host: '192.0.2.2',
  file: 'driver.log',
  offset: 0,
};

describe('enrich', () => {
  it('takes ids from an executor task line: app and trace from mdc, stage and task from task_name', () => {
    const line = VECTORS.executorTask;
    expect(
      enrich(line, { ...source, executorId: '1', file: 'executor-1.log', offset: 120 }),
    ).toEqual({
      '@timestamp': '2026-11-25T02:17:31.123Z',
      level: 'INFO',
      logger: 'Executor',
      message: 'Finished task 7.0 in stage 12.0 (TID 845). 2245 bytes result sent to driver',
      appId: 'app-20261125021704-0000',
      appName: 'miaradia-streaming',
      stageId: '12',
      taskId: '845',
      executorId: '1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      host: '192.0.2.2',
      source: { file: 'executor-1.log', offset: 120 },
      context: {
        'mdc.appId': 'app-20261125021704-0000',
        'mdc.traceId': '4bf92f3577b34da6a3ce929d0e0e4736',
        task_name: 'task 7.0 in stage 12.0 (TID 845)',
      },
    });
  });

  it('reads query and batch ids of a driver micro-batch line', () => {
    const line = VECTORS.microBatch;
    expect(enrich(line, source)).toMatchObject({
      batchId: '42',
      queryId: 'q-1',
      executorId: 'driver',
      appId: source.appId,
    });
  });

  it('parses the lost executor out of context-free executor-lost lines', () => {
    const lost = VECTORS.lostExecutor;
    expect(enrich(lost, source)).toMatchObject({
      level: 'ERROR',
      executorId: '0',
      host: '192.0.2.2',
      appId: source.appId,
    });

    const task = VECTORS.lostTask;
    expect(enrich(task, source)).toMatchObject({ executorId: '0', stageId: '3', taskId: '294' });

    const removed = VECTORS.executorRemoved;
    expect(enrich(removed, { ...source, appId: undefined })).toMatchObject({
      executorId: '0',
      appId: 'app-20261125021704-0000',
    });
  });

  it('keeps structured exceptions with a readable stack trace', () => {
    const line = VECTORS.fetchFailed;
    expect(enrich(line, source)?.exception).toEqual({
      class: 'org.apache.spark.shuffle.FetchFailedException',
      msg: 'Failed to connect',
      stacktrace: 'at a.B.run(B.scala:10)',
    });
  });

  it('skips lines that are not Spark JSON', () => {
    expect(
      enrich('25/06/01 10:21:07 ERROR TaskSchedulerImpl: Lost executor 3 on host', source),
    ).toBeUndefined();
    expect(enrich('{"level":"INFO"}', source)).toBeUndefined();
  });

  it('gives the same line at the same place the same id, and a daily index', () => {
    expect(documentId({ file: 'a', offset: 1 }, 'x')).toBe(
      documentId({ file: 'a', offset: 1 }, 'x'),
    );
    expect(documentId({ file: 'a', offset: 1 }, 'x')).not.toBe(
      documentId({ file: 'a', offset: 2 }, 'x'),
    );
    expect(indexFor('2026-11-25T02:21:00.000Z')).toBe('spark-logs-2026.11.25');
  });
});

describe('enrich on lines captured from a real Miaradia run (deploy/spark/captured)', () => {
  const read = (name: string) =>
    readFileSync(`deploy/spark/captured/${name}`, 'utf8').split('\n').filter(Boolean);

  it('gives every executor task line its app, trace, batch, stage and task ids', () => {
    for (const [i, line] of read('executor.jsonl').entries()) {
      const doc = enrich(line, { executorId: '0', file: 'executor.log', offset: i });
      expect(doc?.appId).toMatch(/^app-\d{14}-\d{4}$/);
      expect(doc?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(doc?.batchId).toMatch(/^\d+$/);
      expect(doc?.stageId).toMatch(/^\d+$/);
      expect(doc?.taskId).toMatch(/^\d+$/);
    }
  });

  it('keeps driver lines of the micro-batch loop with their query id, and skips empty batch ids', () => {
    const docs = read('driver.jsonl').map((line, i) => enrich(line, { ...source, offset: i }));
    expect(docs.every((d) => d?.appId === source.appId && d.executorId === 'driver')).toBe(true);
    expect(docs.filter((d) => d?.queryId).length).toBeGreaterThan(0);
    expect(docs.every((d) => d?.batchId !== '')).toBe(true);
  });
});
