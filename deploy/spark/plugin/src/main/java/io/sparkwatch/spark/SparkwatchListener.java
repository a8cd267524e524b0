package io.sparkwatch.spark;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns Spark's listener events into spans: one trace per micro-batch (batch → its phases and jobs
 * → stages) and one per SQL execution tree (execution → jobs → stages); a job outside both is
 * traced per stage, its span at the root of its result stage's trace. Every span is emitted when
 * its end event arrives, with Spark's own timestamps; parents are named by their deterministic ids
 * ({@link TraceIds}), so a child never waits for its parent and nothing is kept per trace — only
 * per running job, stage and SQL execution.
 *
 * <p>Structured Streaming's events reach every SparkListener ({@code onOtherEvent}): the query's
 * listener bus posts them on Spark's bus, so no {@code StreamingQueryListener} has to be
 * registered on a session. Runs on Spark's listener bus thread: each event costs map updates and
 * at most a few span objects queued for export.
 */
final class SparkwatchListener extends SparkListener {
  private static final Logger LOG = LogManager.getLogger(SparkwatchListener.class);
  private static final int MAX_DESCRIPTION = 200;
  private static final String[] PHASES = {
    "latestOffset", "getBatch", "queryPlanning", "addBatch", "walCommit", "commitOffsets"
  };

  private final SparkContext sc;
  private final Tracing tracing;
  private final Consumer<String> onAppStart;
  private final String appName;
  private String appId;
  private boolean failureLogged;

  /**
   * A running job: its trace, its span, the attributes its stages inherit. A job outside any
   * micro-batch or SQL execution ({@code resultStage} ≥ 0) leaves each stage a trace of its own.
   */
  private record Job(
      int jobId, String traceId, String spanId, String parentSpanId, long startMs, Attributes attrs, int resultStage) {
    boolean stagesApart() {
      return resultStage >= 0;
    }
  }

  /** Task totals of one stage attempt, summed from task-end events. */
  private static final class StageTotals {
    long tasks, failedTasks, recordsRead, bytesRead, recordsWritten, bytesWritten;
    long shuffleRecordsRead, shuffleBytesRead, shuffleRecordsWritten, shuffleBytesWritten;
    long memorySpilled, diskSpilled, gcMs, runMs;
  }

  private record Execution(long id, String rootId, long startMs, String description) {}

  private final Map<Integer, Job> jobs = new HashMap<>();
  private final Map<Integer, Job> stageJobs = new HashMap<>();
  private final Map<String, StageTotals> stages = new HashMap<>();
  private final Map<Long, Execution> executions = new HashMap<>();
  /**
   * SQL executions run inside a micro-batch: they and their jobs belong to the batch's trace. Known
   * by their jobs' streaming properties or, for executions without jobs, by their job group: a
   * micro-batch runs under the job group of its query's run id.
   */
  private final Set<Long> streamingExecutions = new HashSet<>();
  private final Set<String> streamingRuns = new HashSet<>();
  private final Map<String, String> queryNames = new HashMap<>();

  /** {@code tracing} null: only the app id is handed on (to the log injector and {@code onAppStart}). */
  SparkwatchListener(SparkContext sc, Tracing tracing, Consumer<String> onAppStart) {
    this.sc = sc;
    this.tracing = tracing;
    this.onAppStart = onAppStart;
    this.appName = sc.appName();
  }

  private String appId() {
    if (appId == null) appId = sc.applicationId();
    return appId;
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart event) {
    Option<String> id = event.appId();
    if (id.isDefined()) appId = id.get();
    if (appId() == null) return;
    AppIdContextDataInjector.setAppId(appId);
    onAppStart.accept(appId);
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    if (tracing == null) return;
    try {
      String app = appId();
      TraceIds.Owner owner = TraceIds.ownerOf(event.properties());
      AttributesBuilder attrs = base(app);
      String traceId;
      String parent;
      String spanId;
      int resultStage = -1;
      switch (owner.kind()) {
        case BATCH -> {
          traceId = TraceIds.batchTrace(app, owner.queryId(), owner.batchId());
          parent = TraceIds.rootSpan(traceId);
          spanId = TraceIds.jobSpan(traceId, event.jobId());
          streaming(attrs, owner.queryId(), owner.batchId());
          if (owner.executionId() != null) streamingExecutions.add(Long.parseLong(owner.executionId()));
        }
        case EXECUTION -> {
          traceId = TraceIds.executionTrace(app, owner.rootExecutionId());
          parent = TraceIds.executionSpan(traceId, owner.executionId(), owner.rootExecutionId());
          spanId = TraceIds.jobSpan(traceId, event.jobId());
          attrs.put("spark.sql.execution.id", owner.executionId());
        }
        default -> {
          for (Object stageId : CollectionConverters.asJava(event.stageIds())) {
            resultStage = Math.max(resultStage, (Integer) stageId);
          }
          traceId = TraceIds.stageTrace(app, resultStage);
          parent = null;
          spanId = TraceIds.rootSpan(traceId);
        }
      }
      attrs.put("spark.job.id", Integer.toString(event.jobId()));
      Job job = new Job(event.jobId(), traceId, spanId, parent, event.time(), attrs.build(), resultStage);
      jobs.put(event.jobId(), job);
      for (Object stageId : CollectionConverters.asJava(event.stageIds())) {
        stageJobs.putIfAbsent((Integer) stageId, job);
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (tracing == null) return;
    StageTotals totals = stages.computeIfAbsent(key(event.stageId(), event.stageAttemptId()), k -> new StageTotals());
    totals.tasks++;
    if (event.reason() instanceof TaskFailedReason) totals.failedTasks++;
    TaskMetrics m = event.taskMetrics();
    if (m == null) return;
    totals.recordsRead += m.inputMetrics().recordsRead();
    totals.bytesRead += m.inputMetrics().bytesRead();
    totals.recordsWritten += m.outputMetrics().recordsWritten();
    totals.bytesWritten += m.outputMetrics().bytesWritten();
    totals.shuffleRecordsRead += m.shuffleReadMetrics().recordsRead();
    totals.shuffleBytesRead += m.shuffleReadMetrics().totalBytesRead();
    totals.shuffleRecordsWritten += m.shuffleWriteMetrics().recordsWritten();
    totals.shuffleBytesWritten += m.shuffleWriteMetrics().bytesWritten();
    totals.memorySpilled += m.memoryBytesSpilled();
    totals.diskSpilled += m.diskBytesSpilled();
    totals.gcMs += m.jvmGCTime();
    totals.runMs += m.executorRunTime();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    if (tracing == null) return;
    try {
      StageInfo info = event.stageInfo();
      StageTotals totals = stages.remove(key(info.stageId(), info.attemptNumber()));
      Job job = stageJobs.get(info.stageId());
      if (job == null || info.submissionTime().isEmpty()) return;
      long start = (Long) info.submissionTime().get();
      long end = info.completionTime().isDefined() ? (Long) info.completionTime().get() : start;
      AttributesBuilder attrs = job.attrs().toBuilder();
      attrs.put("spark.stage.id", Integer.toString(info.stageId()));
      attrs.put("spark.stage.attempt", Integer.toString(info.attemptNumber()));
      attrs.put("spark.stage.name", truncate(info.name()));
      attrs.put("spark.stage.num_tasks", Integer.toString(info.numTasks()));
      if (totals == null) totals = new StageTotals();
      put(attrs, "spark.stage.completed_tasks", totals.tasks);
      put(attrs, "spark.stage.failed_tasks", totals.failedTasks);
      put(attrs, "spark.stage.input.records", totals.recordsRead);
      put(attrs, "spark.stage.input.bytes", totals.bytesRead);
      put(attrs, "spark.stage.output.records", totals.recordsWritten);
      put(attrs, "spark.stage.output.bytes", totals.bytesWritten);
      put(attrs, "spark.stage.shuffle.read.records", totals.shuffleRecordsRead);
      put(attrs, "spark.stage.shuffle.read.bytes", totals.shuffleBytesRead);
      put(attrs, "spark.stage.shuffle.write.records", totals.shuffleRecordsWritten);
      put(attrs, "spark.stage.shuffle.write.bytes", totals.shuffleBytesWritten);
      put(attrs, "spark.stage.spill.memory.bytes", totals.memorySpilled);
      put(attrs, "spark.stage.spill.disk.bytes", totals.diskSpilled);
      put(attrs, "spark.stage.gc.ms", totals.gcMs);
      put(attrs, "spark.stage.executor_run.ms", totals.runMs);
      String error = info.failureReason().isDefined() ? info.failureReason().get() : null;
      String traceId = job.traceId();
      String parent = job.spanId();
      if (job.stagesApart() && info.stageId() != job.resultStage()) {
        traceId = TraceIds.stageTrace(appId(), info.stageId());
        parent = null;
      }
      tracing.emit(
          new Tracing.SpanSpec(
              traceId,
              TraceIds.stageSpan(traceId, info.stageId(), info.attemptNumber()),
              parent,
              "stage " + info.stageId() + (info.attemptNumber() > 0 ? " (attempt " + info.attemptNumber() + ")" : ""),
              start,
              end,
              attrs.build(),
              error));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd event) {
    if (tracing == null) return;
    try {
      Job job = jobs.remove(event.jobId());
      if (job == null) return;
      stageJobs.values().removeIf(j -> j == job);
      String error = null;
      if (event.jobResult() instanceof JobFailed failed) {
        Exception cause = failed.exception();
        error = cause == null ? "job failed" : String.valueOf(cause.getMessage());
      }
      String name = "job " + job.jobId();
      tracing.emit(
          new Tracing.SpanSpec(
              job.traceId(), job.spanId(), job.parentSpanId(), name, job.startMs(), event.time(), job.attrs(), error));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (tracing == null) return;
    try {
      if (event instanceof SparkListenerSQLExecutionStart start) {
        String root =
            start.rootExecutionId().isDefined()
                ? String.valueOf(start.rootExecutionId().get())
                : Long.toString(start.executionId());
        executions.put(
            start.executionId(), new Execution(start.executionId(), root, start.time(), start.description()));
        if (start.jobGroupId().isDefined() && streamingRuns.contains(start.jobGroupId().get())) {
          streamingExecutions.add(start.executionId());
        }
      } else if (event instanceof SparkListenerSQLExecutionEnd end) {
        executionEnded(end);
      } else if (event instanceof StreamingQueryListener.QueryStartedEvent started) {
        if (started.name() != null) queryNames.put(started.id().toString(), started.name());
        streamingRuns.add(started.runId().toString());
      } else if (event instanceof StreamingQueryListener.QueryProgressEvent progress) {
        batchEnded(progress.progress());
      } else if (event instanceof StreamingQueryListener.QueryTerminatedEvent terminated) {
        queryNames.remove(terminated.id().toString());
        streamingRuns.remove(terminated.runId().toString());
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void executionEnded(SparkListenerSQLExecutionEnd end) {
    Execution execution = executions.remove(end.executionId());
    if (execution == null || streamingExecutions.remove(end.executionId())) return;
    String app = appId();
    String traceId = TraceIds.executionTrace(app, execution.rootId());
    String id = Long.toString(execution.id());
    String spanId = TraceIds.executionSpan(traceId, id, execution.rootId());
    String parent = id.equals(execution.rootId()) ? null : TraceIds.rootSpan(traceId);
    AttributesBuilder attrs = base(app);
    attrs.put("spark.sql.execution.id", id);
    if (!id.equals(execution.rootId())) attrs.put("spark.sql.execution.root_id", execution.rootId());
    if (execution.description() != null) {
      attrs.put("spark.sql.execution.description", truncate(execution.description()));
    }
    // Spark 4 reports a successful execution with an empty error message, not none.
    Option<String> message = end.errorMessage();
    String error = message.isDefined() && !message.get().isEmpty() ? message.get() : null;
    tracing.emit(
        new Tracing.SpanSpec(
            traceId, spanId, parent, "execution " + id, execution.startMs(), end.time(), attrs.build(), error));
  }

  private void batchEnded(StreamingQueryProgress p) {
    String app = appId();
    String queryId = p.id().toString();
    String batchId = Long.toString(p.batchId());
    String traceId = TraceIds.batchTrace(app, queryId, batchId);
    String root = TraceIds.rootSpan(traceId);
    if (p.name() != null) queryNames.put(queryId, p.name());
    AttributesBuilder attrs = base(app);
    streaming(attrs, queryId, batchId);
    Attributes common = attrs.build();
    long start = Instant.parse(p.timestamp()).toEpochMilli();
    List<Tracing.SpanSpec> spans = new ArrayList<>();
    spans.add(
        new Tracing.SpanSpec(
            traceId,
            root,
            null,
            "batch " + batchId,
            start,
            start + p.batchDuration(),
            common.toBuilder()
                .put("spark.streaming.run.id", p.runId().toString())
                .put("spark.streaming.num_input_rows", Long.toString(p.numInputRows()))
                .build(),
            null));
    // The trigger's phases run one after the other: laid end to end from the batch's start.
    Map<String, Long> durations = p.durationMs();
    long cursor = start;
    for (String phase : PHASES) {
      Long ms = durations == null ? null : durations.get(phase);
      if (ms == null) continue;
      spans.add(
          new Tracing.SpanSpec(
              traceId, TraceIds.phaseSpan(traceId, phase), root, phase, cursor, cursor + ms, common, null));
      cursor += ms;
    }
    spans.forEach(tracing::emit);
  }

  private AttributesBuilder base(String app) {
    AttributesBuilder attrs = Attributes.builder();
    if (app != null) attrs.put("spark.app.id", app);
    if (appName != null) attrs.put("spark.app.name", appName);
    return attrs;
  }

  private void streaming(AttributesBuilder attrs, String queryId, String batchId) {
    attrs.put("spark.streaming.query.id", queryId);
    String name = queryNames.get(queryId);
    if (name != null) attrs.put("spark.streaming.query.name", name);
    attrs.put("spark.streaming.batch.id", batchId);
  }

  private static void put(AttributesBuilder attrs, String key, long value) {
    attrs.put(key, Long.toString(value));
  }

  private static String key(int stageId, int attempt) {
    return stageId + "." + attempt;
  }

  private static String truncate(String s) {
    return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION) + "…";
  }

  /** A tracing bug must not flood the driver log: the first failure is logged, once. */
  private void failed(RuntimeException e) {
    if (failureLogged) return;
    failureLogged = true;
    LOG.warn("Sparkwatch: a listener event could not be traced (further failures are not logged)", e);
  }
}
