package io.sparkwatch.spark;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * Driver side: starts the OTLP export, registers the listener that turns Spark's events into
 * spans, and exposes the export counters as metrics (PrometheusServlet: {@code
 * …_plugin_io_sparkwatch_spark_SparkwatchPlugin_spansDropped_Value}).
 *
 * <p>Confs: {@code spark.sparkwatch.otlp.endpoint} (default {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * else {@code http://127.0.0.1:4318}), {@code spark.sparkwatch.otlp.timeoutMs} (2000), {@code
 * spark.sparkwatch.otlp.queueSize} (4096 spans), {@code spark.sparkwatch.traces.enabled} (true).
 */
public final class SparkwatchDriverPlugin implements DriverPlugin {
  static final String VERSION = "0.1.0";
  private static final Logger LOG = LogManager.getLogger(SparkwatchDriverPlugin.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(60);

  private Tracing tracing;
  private ScheduledExecutorService reporter;
  private long reportedDropped;

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    SparkConf conf = sc.conf();
    if (!conf.getBoolean("spark.sparkwatch.traces.enabled", true)) {
      sc.addSparkListener(new SparkwatchListener(sc, null));
      return Collections.emptyMap();
    }
    String env = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
    String endpoint =
        conf.get("spark.sparkwatch.otlp.endpoint", env != null && !env.isBlank() ? env : "http://127.0.0.1:4318");
    Tracing.Settings settings =
        new Tracing.Settings(
            endpoint,
            conf.getInt("spark.sparkwatch.otlp.queueSize", 4096),
            Duration.ofMillis(conf.getLong("spark.sparkwatch.otlp.timeoutMs", 2000)));
    tracing = new Tracing(sc.appName(), settings);
    sc.addSparkListener(new SparkwatchListener(sc, tracing));
    reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkwatch-export-report");
              t.setDaemon(true);
              return t;
            });
    reporter.scheduleAtFixedRate(
        this::reportDrops, REPORT_EVERY.toSeconds(), REPORT_EVERY.toSeconds(), TimeUnit.SECONDS);
    LOG.info("Sparkwatch: tracing to {} (queue {} spans)", Tracing.tracesUrl(endpoint), settings.maxQueueSize());
    return Collections.emptyMap();
  }

  @Override
  public void registerMetrics(String appId, PluginContext ctx) {
    if (tracing == null) return;
    MetricRegistry registry = ctx.metricRegistry();
    registry.register("spansExported", (Gauge<Long>) tracing::exported);
    registry.register("spansDropped", (Gauge<Long>) tracing::dropped);
  }

  /** A WARN line whenever spans were dropped since the last one (at most once a minute). */
  private synchronized void reportDrops() {
    try {
      long dropped = tracing.dropped();
      if (dropped > reportedDropped) {
        LOG.warn(
            "Sparkwatch: {} spans dropped so far (collector {} unreachable, slow or the queue full; last error: {})",
            dropped,
            tracing.endpoint(),
            tracing.lastError());
        reportedDropped = dropped;
      }
    } catch (RuntimeException e) {
      LOG.debug("Sparkwatch: could not read the export counters", e);
    }
  }

  @Override
  public void shutdown() {
    if (tracing == null) return;
    reporter.shutdownNow();
    tracing.shutdown(Duration.ofSeconds(5));
    long dropped = tracing.dropped();
    if (dropped > 0) {
      LOG.warn(
          "Sparkwatch: {} spans dropped in all, {} exported (collector {} unreachable, slow or the queue full; last error: {})",
          dropped,
          tracing.exported(),
          tracing.endpoint(),
          tracing.lastError());
    } else {
      LOG.info("Sparkwatch: {} spans exported, none dropped", tracing.exported());
    }
  }
}
