/**
 * Raw Spark 4 JSON log lines (the structured-logging layout: ts, level, msg, context, logger,
 * exception) of the scenario, per file, as the real driver and executors write them. They go
 * through the shipper's `enrich`, exactly like lines tailed from a real run.
 */
import { type LineSource } from '../shipper/enrich';
import { hexId } from './ids';
import { type JobRun, type MicroBatch, type Scenario, traceSeed } from './scenario';

export interface RawLine {
  line: string;
  source: LineSource;
}

interface Entry {
  ts: number;
  level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';
  logger: string;
  msg: string;
  context?: Record<string, string>;
  exception?: {
    class: string;
    msg: string;
    stacktrace: { class: string; method: string; file: string; line: number }[];
  };
}

class LogFiles {
  private readonly files = new Map<
    string,
    { source: Omit<LineSource, 'offset'>; entries: Entry[] }
  >();

  add(file: string, source: Omit<LineSource, 'offset' | 'file'>, entry: Entry) {
    let f = this.files.get(file);
    if (!f) {
      f = { source: { ...source, file }, entries: [] };
      this.files.set(file, f);
    }
    f.entries.push(entry);
  }

  /** Lines in time order per file, with byte offsets as a tailer would see them. */
  lines(): RawLine[] {
    const out: RawLine[] = [];
    for (const { source, entries } of this.files.values()) {
      entries.sort((a, b) => a.ts - b.ts);
      let offset = 0;
      for (const e of entries) {
        const line = JSON.stringify({
          ts: new Date(e.ts).toISOString(),
          level: e.level,
          msg: e.msg,
          ...(e.context ? { context: e.context } : {}),
          ...(e.exception ? { exception: e.exception } : {}),
          logger: e.logger,
        });
        out.push({ line, source: { ...source, offset } });
        offset += Buffer.byteLength(line) + 1;
      }
    }
    return out;
  }
}

const secs = (ms: number) => (ms / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '.0');

function progressJson(s: Scenario['streaming'], b: MicroBatch): string {
  return JSON.stringify({
    id: s.queryId,
    runId: s.runId,
    name: s.query,
    timestamp: new Date(b.start).toISOString(),
    batchId: b.batchId,
    batchDuration: b.durationMs,
    numInputRows: b.numInputRows,
    inputRowsPerSecond: b.inputRowsPerSecond,
    processedRowsPerSecond: b.processedRowsPerSecond,
    durationMs: { ...b.phases, triggerExecution: b.durationMs },
    eventTime: { watermark: new Date(b.watermarkMs).toISOString() },
    stateOperators: [
      {
        operatorName: 'stateStoreSave',
        numRowsTotal: b.stateRows,
        numRowsUpdated: Math.min(b.stateRows, 8),
      },
    ],
    sources: [{ description: 'RatesSource', numInputRows: b.numInputRows }],
    sink: { description: 'FileSink[/data/miaradia/avg_price_per_city]' },
  });
}

function jobLines(
  f: LogFiles,
  opts: {
    appId: string;
    appName: string;
    host: string;
    traceId: string;
    batchId?: number;
    job: JobRun;
    callSite: string;
  },
) {
  const { appId, appName, host, job } = opts;
  const driver = { appId, appName, executorId: 'driver', host };
  const driverFile = `${appId}/driver.log`;
  f.add(driverFile, driver, {
    ts: job.start,
    level: 'INFO',
    logger: 'DAGScheduler',
    msg: `Got job ${job.jobId} (${opts.callSite}) with ${job.stages.at(-1)?.tasks.length ?? 0} output partitions`,
  });
  for (const st of job.stages) {
    const name = `${st.kind} ${st.stageId} (${opts.callSite})`;
    f.add(driverFile, driver, {
      ts: st.start,
      level: 'INFO',
      logger: 'DAGScheduler',
      msg: `Submitting ${st.tasks.length} missing tasks from ${name} (first 15 tasks are for partitions Vector(${st.tasks
        .slice(0, 4)
        .map((t) => t.index)
        .join(', ')}))`,
    });
    for (const t of st.tasks) {
      const taskName = `task ${t.index}.${st.attempt} in stage ${st.stageId}.${st.attempt} (TID ${t.tid})`;
      const ctx: Record<string, string> = {
        'mdc.appId': appId,
        'mdc.traceId': opts.traceId,
        task_name: taskName,
      };
      if (opts.batchId !== undefined) ctx['mdc.batchId'] = String(opts.batchId);
      const execFile = `${appId}/executor-${t.executorId}.log`;
      const exec = { appId, appName, executorId: t.executorId, host };
      f.add(execFile, exec, {
        ts: t.start,
        level: 'INFO',
        logger: 'Executor',
        msg: `Running ${taskName}`,
        context: ctx,
      });
      if (t.failed === 'FetchFailed') {
        f.add(execFile, exec, {
          ts: t.end,
          level: 'ERROR',
          logger: 'Executor',
          msg: `Exception in ${taskName}`,
          context: ctx,
          exception: {
            class: 'org.apache.spark.shuffle.FetchFailedException',
            msg: `Failed to connect to ${host}:7337`,
            stacktrace: [
              {
                class: 'org.apache.spark.storage.ShuffleBlockFetcherIterator',
                method: 'throwFetchFailedException',
                file: 'ShuffleBlockFetcherIterator.scala',
                line: 1241,
              },
              {
                class: 'org.apache.spark.scheduler.ShuffleMapTask',
                method: 'runTask',
                file: 'ShuffleMapTask.scala',
                line: 104,
              },
            ],
          },
        });
        f.add(driverFile, driver, {
          ts: t.end + 3,
          level: 'WARN',
          logger: 'TaskSetManager',
          msg: `Lost task ${t.index}.${st.attempt} in stage ${st.stageId}.${st.attempt} (TID ${t.tid}) (${host} executor ${t.executorId}): FetchFailed(BlockManagerId(2, ${host}, 7337, None), shuffleId=1, mapIndex=7, mapId=131, reduceId=${t.index}, message=org.apache.spark.shuffle.FetchFailedException: Failed to connect to ${host}:7337)`,
        });
      } else if (t.failed !== 'ExecutorLostFailure') {
        f.add(execFile, exec, {
          ts: t.end,
          level: 'INFO',
          logger: 'Executor',
          msg: `Finished ${taskName}. ${1800 + ((t.tid * 37) % 900)} bytes result sent to driver`,
          context: ctx,
        });
        f.add(driverFile, driver, {
          ts: t.end + 2,
          level: 'INFO',
          logger: 'TaskSetManager',
          msg: `Finished task ${t.index}.${st.attempt} in stage ${st.stageId}.${st.attempt} (TID ${t.tid}) in ${t.end - t.start} ms on ${host} (executor ${t.executorId}) (${t.index + 1}/${st.tasks.length})`,
        });
      }
    }
    if (st.failure === 'FetchFailed') {
      f.add(driverFile, driver, {
        ts: st.end,
        level: 'INFO',
        logger: 'DAGScheduler',
        msg: `${name} failed in ${secs(st.end - st.start)} s due to org.apache.spark.shuffle.FetchFailedException: Failed to connect to ${host}:7337`,
      });
      f.add(driverFile, driver, {
        ts: st.end + 5,
        level: 'INFO',
        logger: 'DAGScheduler',
        msg: `Resubmitting ShuffleMapStage ${st.stageId} (${opts.callSite}) due to fetch failure`,
      });
    } else {
      f.add(driverFile, driver, {
        ts: st.end,
        level: 'INFO',
        logger: 'DAGScheduler',
        msg: `${name} finished in ${secs(st.end - st.start)} s`,
      });
    }
  }
  f.add(driverFile, driver, {
    ts: job.end,
    level: 'INFO',
    logger: 'DAGScheduler',
    msg: `Job ${job.jobId} finished: ${opts.callSite}, took ${secs(job.end - job.start)} s`,
  });
}

function appStarted(
  f: LogFiles,
  file: string,
  driver: Omit<LineSource, 'offset' | 'file'>,
  at: number,
) {
  f.add(file, driver, {
    ts: at,
    level: 'INFO',
    logger: 'SparkContext',
    msg: 'Running Spark version 4.0.1',
  });
  f.add(file, driver, {
    ts: at + 300,
    level: 'INFO',
    logger: 'SparkContext',
    msg: `Submitted application: ${driver.appName}`,
  });
}

function streamingLines(f: LogFiles, sc: Scenario) {
  const s = sc.streaming;
  const driver = { appId: s.appId, appName: s.appName, executorId: 'driver', host: sc.host };
  const driverFile = `${s.appId}/driver.log`;
  appStarted(f, driverFile, driver, s.startedAt + 2_000);
  for (const id of ['0', '1']) {
    f.add(driverFile, driver, {
      ts: s.startedAt + 9_000,
      level: 'INFO',
      logger: 'StandaloneSchedulerBackend',
      msg: `Granted executor ID ${s.appId}/${id} on hostPort ${sc.host}:3578${id} with 1 core(s), 1024.0 MiB RAM`,
    });
  }
  f.add(driverFile, driver, {
    ts: s.startedAt + 30_000,
    level: 'INFO',
    logger: 'MicroBatchExecution',
    msg: `Starting [id = ${s.queryId}, runId = ${s.runId}]. Use file:/tmp/checkpoints/${s.query} to store the query checkpoint.`,
    context: { query_id: s.queryId, run_id: s.runId },
  });
  for (const b of s.batches) {
    const traceId = hexId(traceSeed.batch(s.appId, b.batchId), 16);
    const qctx = { query_id: s.queryId, run_id: s.runId, batch_id: String(b.batchId) };
    jobLines(f, {
      appId: s.appId,
      appName: s.appName,
      host: sc.host,
      traceId,
      batchId: b.batchId,
      job: b.job,
      callSite: `start at NativeMethodAccessorImpl.java:0`,
    });
    const slow = b.durationMs > 10_000;
    f.add(driverFile, driver, {
      ts: b.start + b.durationMs + 5,
      level: slow ? 'WARN' : 'INFO',
      logger: slow ? 'ProcessingTimeExecutor' : 'MicroBatchExecution',
      msg: slow
        ? `Current batch is falling behind. The trigger interval is 10000 milliseconds, but spent ${b.durationMs} milliseconds`
        : `Streaming query made progress: ${progressJson(s, b)}`,
      context: qctx,
    });
  }
  // The incident: executor 1's JVM is killed (exit 137); its running tasks are lost.
  const lost = s.executorLostAt;
  f.add(driverFile, driver, {
    ts: lost,
    level: 'ERROR',
    logger: 'TaskSchedulerImpl',
    msg: `Lost executor ${s.lostExecutorId} on ${sc.host}: Command exited with code 137`,
  });
  const spike = s.batches.find((b) => b.batchId === s.spikeBatchId);
  for (const t of spike?.job.stages[0]?.tasks.filter((x) => x.failed) ?? []) {
    f.add(driverFile, driver, {
      ts: lost + 4,
      level: 'WARN',
      logger: 'TaskSetManager',
      msg: `Lost task ${t.index}.0 in stage ${spike?.job.stages[0]?.stageId}.0 (TID ${t.tid}) (${sc.host} executor ${s.lostExecutorId}): ExecutorLostFailure (executor ${s.lostExecutorId} exited caused by one of the running tasks) Reason: Command exited with code 137`,
    });
  }
  f.add(driverFile, driver, {
    ts: lost + 6,
    level: 'INFO',
    logger: 'StandaloneSchedulerBackend',
    msg: `Executor ${s.appId}/${s.lostExecutorId} removed: Command exited with code 137`,
  });
  f.add(driverFile, driver, {
    ts: lost + 7,
    level: 'INFO',
    logger: 'BlockManagerMasterEndpoint',
    msg: `Trying to remove executor ${s.lostExecutorId} from BlockManagerMaster.`,
  });
  f.add(driverFile, driver, {
    ts: lost + 9,
    level: 'WARN',
    logger: 'BlockManagerMasterEndpoint',
    msg: `No more replicas available for rdd_${s.spikeBatchId}_2 !`,
  });
  f.add(driverFile, driver, {
    ts: s.inputStoppedAt + 30_000,
    level: 'WARN',
    logger: 'KafkaDataConsumer',
    msg: 'Fetched no records from topic rides partition 0 in the last 30000 ms; the producer may be down',
  });
}

function nightlyLines(f: LogFiles, sc: Scenario) {
  const b = sc.batch;
  const traceId = hexId(traceSeed.app(b.appId), 16);
  const driver = { appId: b.appId, appName: b.appName, executorId: 'driver', host: sc.host };
  const driverFile = `${b.appId}/driver.log`;
  appStarted(f, driverFile, driver, b.startedAt);
  const sites = [
    'parquet at NativeMethodAccessorImpl.java:0',
    'count at revenue.py:41',
    'save at revenue.py:58',
  ];
  b.jobs.forEach((job, i) =>
    jobLines(f, {
      appId: b.appId,
      appName: b.appName,
      host: sc.host,
      traceId,
      job,
      callSite: sites[i] ?? 'run at revenue.py:1',
    }),
  );
  f.add(driverFile, driver, {
    ts: b.startedAt + 600_000,
    level: 'WARN',
    logger: 'MemoryStore',
    msg: 'Not enough space to cache rdd_12_3 in memory! (computed 412.5 MiB so far)',
  });
  f.add(driverFile, driver, {
    ts: b.endedAt,
    level: 'INFO',
    logger: 'SparkContext',
    msg: 'Successfully stopped SparkContext',
  });
}

export function scenarioLogLines(sc: Scenario): RawLine[] {
  const files = new LogFiles();
  streamingLines(files, sc);
  nightlyLines(files, sc);
  return files.lines();
}
