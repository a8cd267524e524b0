package io.sparkwatch.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The Sparkwatch Spark plugin, attached by configuration only ({@code
 * spark.plugins=io.sparkwatch.spark.SparkwatchPlugin} and the jar): one OTLP trace per
 * Structured Streaming micro-batch and per batch job / SQL execution on the driver, and the ids
 * of the running task (app, stage, task, trace) in the log context of executor task threads.
 */
public final class SparkwatchPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return new SparkwatchDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new SparkwatchExecutorPlugin();
  }
}
