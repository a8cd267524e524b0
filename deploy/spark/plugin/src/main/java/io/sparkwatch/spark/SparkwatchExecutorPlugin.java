package io.sparkwatch.spark;

import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * Puts the running task's ids into log4j2's thread context, so every line the task's thread logs
 * after Spark's start hook carries them in the JSON layout's {@code context} — with no code in
 * the app. The trace and span ids are those of the task's stage span on the driver (see {@link
 * TraceIds} for why they can be computed here).
 */
public final class SparkwatchExecutorPlugin implements ExecutorPlugin {
  static final String APP_ID = "appId";
  static final String EXECUTOR_ID = "executorId";
  static final String STAGE_ID = "stageId";
  static final String STAGE_ATTEMPT = "stageAttempt";
  static final String TASK_ID = "taskId";
  static final String PARTITION = "partition";
  static final String TRACE_ID = "traceId";
  static final String SPAN_ID = "spanId";
  /** Spark's own structured-logging keys for a micro-batch, as its driver lines use them. */
  static final String BATCH_ID = "batch_id";
  static final String QUERY_ID = "query_id";

  private static final List<String> KEYS =
      List.of(APP_ID, EXECUTOR_ID, STAGE_ID, STAGE_ATTEMPT, TASK_ID, PARTITION, TRACE_ID, SPAN_ID, BATCH_ID, QUERY_ID);

  private volatile String appId;
  private String executorId;

  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    appId = ctx.conf().get("spark.app.id", null);
    executorId = ctx.executorID();
    try {
      // Lines outside tasks too, when the executor JVM runs with the injector (see its docs).
      if (appId != null) AppIdContextDataInjector.setAppId(appId);
    } catch (LinkageError e) {
      // A log4j2 without core on the class path: task lines still get the app id below.
    }
  }

  @Override
  public void onTaskStart() {
    try {
      TaskContext task = TaskContext.get();
      if (task == null) return;
      String app = appId();
      if (app != null) ThreadContext.put(APP_ID, app);
      if (executorId != null) ThreadContext.put(EXECUTOR_ID, executorId);
      ThreadContext.put(STAGE_ID, Integer.toString(task.stageId()));
      ThreadContext.put(STAGE_ATTEMPT, Integer.toString(task.stageAttemptNumber()));
      ThreadContext.put(TASK_ID, Long.toString(task.taskAttemptId()));
      ThreadContext.put(PARTITION, Integer.toString(task.partitionId()));
      TraceIds.Owner owner =
          TraceIds.ownerOf(
              task.getLocalProperty(TraceIds.QUERY_ID),
              task.getLocalProperty(TraceIds.BATCH_ID),
              task.getLocalProperty(TraceIds.EXECUTION_ID),
              task.getLocalProperty(TraceIds.ROOT_EXECUTION_ID));
      if (owner.kind() == TraceIds.Owner.Kind.BATCH) {
        ThreadContext.put(BATCH_ID, owner.batchId());
        ThreadContext.put(QUERY_ID, owner.queryId());
      }
      String traceId = app == null ? null : TraceIds.traceOf(app, owner, task.stageId());
      if (traceId != null) {
        ThreadContext.put(TRACE_ID, traceId);
        ThreadContext.put(SPAN_ID, TraceIds.stageSpan(traceId, task.stageId(), task.stageAttemptNumber()));
      }
    } catch (RuntimeException e) {
      // Log context is a convenience: it must never fail a task.
    }
  }

  /**
   * The app id from the executor's conf; in local mode the executor (in the driver's JVM) starts
   * before the app id exists, so it is read from the driver's conf at the first task instead.
   */
  private String appId() {
    String id = appId;
    if (id == null) {
      SparkEnv env = SparkEnv.get();
      id = env == null ? null : env.conf().get("spark.app.id", null);
      appId = id;
    }
    return id;
  }

  @Override
  public void onTaskSucceeded() {
    ThreadContext.removeAll(KEYS);
  }

  @Override
  public void onTaskFailed(TaskFailedReason failureReason) {
    ThreadContext.removeAll(KEYS);
  }
}
