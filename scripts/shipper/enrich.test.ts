import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentId, enrich, indexFor } from './enrich';
import { VECTOR_APP, VECTORS } from './vectors';

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
      stageAttempt: '0',
      taskId: '845',
      taskAttempt: '0',
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

  it('keeps lines that are not Spark JSON raw, with their file and offset', () => {
    const plain = '25/06/01 10:21:07 ERROR TaskSchedulerImpl: Lost executor 3 on host: gone';
    expect(enrich(plain, { ...source, time: '2026-11-25T02:00:00.000Z' })).toEqual({
      '@timestamp': '2026-11-25T02:00:00.000Z',
      level: 'ERROR',
      logger: 'TaskSchedulerImpl',
      message: plain,
      raw: true,
      appId: source.appId,
      appName: source.appName,
      executorId: '3',
      host: 'host',
      source: { file: 'driver.log', offset: 0 },
    });
    expect(enrich('{"level":"INFO"}', source)).toMatchObject({
      message: '{"level":"INFO"}',
      level: 'UNKNOWN',
      raw: true,
    });
    // A cut line is never parsed, even when its first bytes are valid JSON.
    expect(enrich(VECTORS.microBatch, { ...source, cutBytes: 9_000_000 })).toMatchObject({
      raw: true,
      cutBytes: 9_000_000,
      message: VECTORS.microBatch,
    });
  });

  it('reads task, stage and attempt, TID, partition, executor and host from TaskSetManager lines', () => {
    const msg = (m: string) =>
      JSON.stringify({ ts: '2026-11-25T02:00:00.000Z', level: 'INFO', msg: m });
    const none = { file: 'driver.log', offset: 0 };
    expect(
      enrich(
        msg(
          'Starting task 3.1 in stage 1.2 (TID 3) (127.0.0.1,executor 0, partition 3, PROCESS_LOCAL, 9635 bytes) ',
        ),
        none,
      ),
    ).toMatchObject({
      stageId: '1',
      stageAttempt: '2',
      taskId: '3',
      taskAttempt: '1',
      partition: '3',
      executorId: '0',
      host: '127.0.0.1',
    });
    expect(
      enrich(
        msg('Finished task 3.0 in stage 1.0 (TID 3) in 412 ms on 127.0.0.1 (executor 0) (4/200)'),
        none,
      ),
    ).toMatchObject({
      stageId: '1',
      stageAttempt: '0',
      taskId: '3',
      executorId: '0',
      host: '127.0.0.1',
    });
    expect(enrich(msg('Job 7 finished: collect at x.py:12, took 0.5 s'), none)).toMatchObject({
      jobId: '7',
    });
    expect(
      enrich(msg('Registered app my app with ID app-20261201032908-0000'), none),
    ).toMatchObject({
      appId: 'app-20261201032908-0000',
    });
    expect(
      enrich(msg('Connected to Spark cluster with app ID app-20261201032908-0001'), none),
    ).toMatchObject({
      appId: 'app-20261201032908-0001',
    });
  });

  it('takes the ids the Sparkwatch plugin puts in the MDC first', () => {
    const line = JSON.stringify({
      ts: '2026-11-25T02:00:00.000Z',
      level: 'INFO',
      msg: 'Lost task 1.0 in stage 2.0 (TID 3) (10.0.0.3 executor 1): x',
      context: {
        appId: 'app-1',
        'mdc.appId': 'app-2',
        stageId: '5',
        stageAttempt: '1',
        taskId: '77',
        partition: '4',
        executorId: '9',
        traceId: 't',
        spanId: 's',
      },
    });
    expect(enrich(line, { file: 'f', offset: 0, appId: 'app-3' })).toMatchObject({
      appId: 'app-1',
      stageId: '5',
      stageAttempt: '1',
      taskId: '77',
      partition: '4',
      // The message names the executor the line is about.
      executorId: '1',
      traceId: 't',
      spanId: 's',
    });
  });

  it('gives a line without any app id the one its file named elsewhere, last', () => {
    expect(enrich(VECTORS.lostExecutor, { file: 'f', offset: 0, fileAppId: 'app-9' })?.appId).toBe(
      'app-9',
    );
    expect(
      enrich(VECTORS.executorRemoved, { file: 'f', offset: 0, fileAppId: 'app-9' })?.appId,
    ).toBe(VECTOR_APP);
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

describe('enrich on a real untuned run with a killed executor (deploy/spark/captured/killed-executor)', () => {
  const read = (name: string) =>
    readFileSync(`deploy/spark/captured/killed-executor/${name}`, 'utf8')
      .split('\n')
      .filter(Boolean);
  const NAMES_TASK = /\bTID \d+\b|\btask \d+\.\d+ in stage\b|^Got assigned task \d+/;

  it('gives every line that names a task its stage and task, and every line an app id once one is known', () => {
    let fileAppId: string | undefined;
    const docs = read('driver.jsonl').map((line, i) => {
      const doc = enrich(line, { file: 'driver.log', offset: i, fileAppId });
      fileAppId ??= doc.appId;
      return doc;
    });
    const named = docs.filter((d) => NAMES_TASK.test(d.message) && !/^task \d/.test(d.message));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((d) => !d.stageId || !d.taskId).map((d) => d.message)).toEqual([]);
    const firstApp = docs.findIndex((d) => d.appId);
    expect(firstApp).toBeGreaterThan(0);
    expect(
      docs
        .slice(firstApp)
        .filter((d) => !d.appId)
        .map((d) => d.message),
    ).toEqual([]);
    const lost = docs.find((d) => d.message.startsWith('Lost executor'));
    expect(lost).toMatchObject({
      appId: 'app-20261201032908-0000',
      executorId: '0',
      host: '127.0.0.1',
    });
    const lostTask = docs.find((d) => d.message.startsWith('Lost task'));
    expect(lostTask).toMatchObject({
      stageId: '44',
      stageAttempt: '0',
      taskId: '134',
      executorId: '1',
    });
  });

  it('attributes executor task lines, "Got assigned task" included', () => {
    const docs = read('executor-1.jsonl').map((line, i) =>
      enrich(line, {
        file: 'executor.log',
        offset: i,
        appId: 'app-20261201032908-0000',
        executorId: '1',
      }),
    );
    const named = docs.filter((d) => NAMES_TASK.test(d.message) || d.context?.task_name);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((d) => !d.taskId).map((d) => d.message)).toEqual([]);
    expect(
      named
        .filter((d) => !d.stageId && !d.message.startsWith('Got assigned'))
        .map((d) => d.message),
    ).toEqual([]);
  });

  it('keeps the executor stderr (not JSON) line by line, raw', () => {
    const lines = readFileSync(
      'deploy/spark/captured/killed-executor/executor-0.stderr',
      'utf8',
    ).split('\n');
    const docs = lines
      .filter(Boolean)
      .map((line, i) =>
        enrich(line, { file: 'stderr', offset: i, time: '2026-12-01T03:29:08.000Z' }),
      );
    expect(docs.length).toBeGreaterThanOrEqual(3);
    expect(docs.every((d) => d.raw && d.level === 'UNKNOWN')).toBe(true);
  });
});
