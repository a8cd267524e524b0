package io.sparkwatch.spark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Properties;

/**
 * Trace and span ids derived from Spark's own ids, never generated at random.
 *
 * <p>Why: an executor must log the trace id of the span its task belongs to, but the driver
 * learns about a job only from the listener bus, after the job's tasks have been shipped with
 * their local properties — it cannot hand a freshly generated id to them. Both sides see the same
 * inputs, though: the app id, the job's local properties (Structured Streaming's {@code
 * sql.streaming.queryId} / {@code streaming.sql.batchId}, Spark SQL's {@code
 * spark.sql.execution.id} / {@code spark.sql.execution.root.id}) and the stage id and attempt.
 * Hashing them gives the driver's spans and the executors' log lines the same ids independently,
 * with no round trip and no shared state.
 *
 * <p>A job with none of those properties (a plain RDD action, or a job Spark runs outside any SQL
 * execution, such as Parquet schema inference) has nothing its tasks share with the driver but
 * the stage id — tasks do not know their job id. Each of its stages is then a trace of its own,
 * keyed by the stage id; the job's span is the root of its result stage's trace (the stage with
 * the highest id: Spark numbers a result stage after its parents).
 */
public final class TraceIds {
  public static final String QUERY_ID = "sql.streaming.queryId";
  public static final String BATCH_ID = "streaming.sql.batchId";
  public static final String EXECUTION_ID = "spark.sql.execution.id";
  public static final String ROOT_EXECUTION_ID = "spark.sql.execution.root.id";

  /** What a job belongs to: a micro-batch, a SQL execution tree, or itself. */
  public record Owner(Kind kind, String queryId, String batchId, String executionId, String rootExecutionId) {
    public enum Kind {
      BATCH,
      EXECUTION,
      JOB
    }
  }

  private TraceIds() {}

  /** Reads a job's owner from its local properties (the same on the driver and in its tasks). */
  public static Owner ownerOf(Properties props) {
    if (props == null) return new Owner(Owner.Kind.JOB, null, null, null, null);
    return ownerOf(
        props.getProperty(QUERY_ID),
        props.getProperty(BATCH_ID),
        props.getProperty(EXECUTION_ID),
        props.getProperty(ROOT_EXECUTION_ID));
  }

  public static Owner ownerOf(String queryId, String batchId, String executionId, String rootExecutionId) {
    if (notBlank(queryId) && notBlank(batchId)) {
      return new Owner(Owner.Kind.BATCH, queryId, batchId, executionId, rootExecutionId);
    }
    if (notBlank(executionId)) {
      String root = notBlank(rootExecutionId) ? rootExecutionId : executionId;
      return new Owner(Owner.Kind.EXECUTION, null, null, executionId, root);
    }
    return new Owner(Owner.Kind.JOB, null, null, null, null);
  }

  /** The trace of a micro-batch of a query. */
  public static String batchTrace(String appId, String queryId, String batchId) {
    return hex(appId + "|batch|" + queryId + "|" + batchId, 16);
  }

  /** The trace of a SQL execution tree, keyed by its root execution. */
  public static String executionTrace(String appId, String rootExecutionId) {
    return hex(appId + "|sql|" + rootExecutionId, 16);
  }

  /** The trace of a stage of a job outside any micro-batch or SQL execution. */
  public static String stageTrace(String appId, int stageId) {
    return hex(appId + "|stage|" + stageId, 16);
  }

  /** The trace a task of {@code stageId} belongs to, from what the task knows. */
  public static String traceOf(String appId, Owner owner, int stageId) {
    return switch (owner.kind()) {
      case BATCH -> batchTrace(appId, owner.queryId(), owner.batchId());
      case EXECUTION -> executionTrace(appId, owner.rootExecutionId());
      case JOB -> stageTrace(appId, stageId);
    };
  }

  /** The root span of a trace: the batch span, the root execution span or a lone job's span. */
  public static String rootSpan(String traceId) {
    return hex(traceId + "|root", 8);
  }

  /** A SQL execution nested under the root execution of its trace. */
  public static String executionSpan(String traceId, String executionId, String rootExecutionId) {
    return executionId.equals(rootExecutionId) ? rootSpan(traceId) : hex(traceId + "|execution|" + executionId, 8);
  }

  public static String jobSpan(String traceId, int jobId) {
    return hex(traceId + "|job|" + jobId, 8);
  }

  public static String stageSpan(String traceId, int stageId, int attempt) {
    return hex(traceId + "|stage|" + stageId + "|" + attempt, 8);
  }

  /** A span of a micro-batch's phase (latestOffset, addBatch, …) under the batch span. */
  public static String phaseSpan(String traceId, String phase) {
    return hex(traceId + "|phase|" + phase, 8);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isEmpty();
  }

  private static String hex(String seed, int bytes) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    // An all-zero id is invalid in OpenTelemetry; SHA-256 giving one is not a practical concern,
    // but the last byte is forced non-zero so the id is valid by construction.
    if (digest[bytes - 1] == 0) digest[bytes - 1] = 1;
    StringBuilder out = new StringBuilder(bytes * 2);
    for (int i = 0; i < bytes; i++) {
      out.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return out.toString();
  }
}
