package io.sparkwatch.spark;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
 * spans, exposes the export counters as metrics (PrometheusServlet: {@code
 * …_plugin_io_sparkwatch_spark_SparkwatchPlugin_spansDropped_Value}) and, if asked, registers the
 * driver as a Prometheus file_sd target ({@link ScrapeTarget}).
 *
 * <p>Confs: {@code spark.sparkwatch.otlp.endpoint} (default {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * else {@code http://127.0.0.1:4318}), {@code spark.sparkwatch.otlp.timeoutMs} (2000), {@code
 * spark.sparkwatch.otlp.queueSize} (4096 spans), {@code spark.sparkwatch.traces.enabled} (true),
 * {@code spark.sparkwatch.prometheus.targetsDir} (none) and {@code
 * spark.sparkwatch.prometheus.targetHost} (the host of the driver's UI URL).
 */
public final class SparkwatchDriverPlugin implements DriverPlugin {
  static final String VERSION = "0.1.0";
  private static final Logger LOG = LogManager.getLogger(SparkwatchDriverPlugin.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(60);

  private SparkContext sc;
  private Tracing tracing;
  private volatile ScrapeTarget target;
  /** The plugin's own thread: drop reports and file writes, never on Spark's listener bus. */
  private ScheduledExecutorService worker;
  private long reportedDropped;

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    this.sc = sc;
    SparkConf conf = sc.conf();
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkwatch-plugin");
              t.setDaemon(true);
              return t;
            });
    if (conf.getBoolean("spark.sparkwatch.traces.enabled", true)) {
      String env = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
      String endpoint =
          conf.get("spark.sparkwatch.otlp.endpoint", env != null && !env.isBlank() ? env : "http://127.0.0.1:4318");
      Tracing.Settings settings =
          new Tracing.Settings(
              endpoint,
              conf.getInt("spark.sparkwatch.otlp.queueSize", 4096),
              Duration.ofMillis(conf.getLong("spark.sparkwatch.otlp.timeoutMs", 2000)));
      tracing = new Tracing(sc.appName(), settings);
      worker.scheduleAtFixedRate(
          this::reportDrops, REPORT_EVERY.toSeconds(), REPORT_EVERY.toSeconds(), TimeUnit.SECONDS);
      LOG.info("Sparkwatch: tracing to {} (queue {} spans)", Tracing.tracesUrl(endpoint), settings.maxQueueSize());
    }
    sc.addSparkListener(new SparkwatchListener(sc, tracing, this::appStarted));
    return Collections.emptyMap();
  }

  @Override
  public void registerMetrics(String appId, PluginContext ctx) {
    if (tracing == null) return;
    MetricRegistry registry = ctx.metricRegistry();
    registry.register("spansExported", (Gauge<Long>) tracing::exported);
    registry.register("spansDropped", (Gauge<Long>) tracing::dropped);
  }

  /** Called on the listener bus once Spark announces the app: hands the file work over. */
  private void appStarted(String appId) {
    String dir = sc.conf().get("spark.sparkwatch.prometheus.targetsDir", "");
    if (dir.isBlank() || sc.uiWebUrl().isEmpty()) return;
    worker.execute(
        () -> {
          try {
            URI ui = URI.create(sc.uiWebUrl().get());
            String host = sc.conf().get("spark.sparkwatch.prometheus.targetHost", ui.getHost());
            ScrapeTarget t = new ScrapeTarget(Path.of(dir), host, ui.getPort(), appId, sc.appName());
            t.write();
            target = t;
            LOG.info("Sparkwatch: Prometheus scrape target {}:{} written to {}", host, ui.getPort(), t.file());
          } catch (IOException | RuntimeException e) {
            LOG.warn("Sparkwatch: could not write the Prometheus scrape target into {}", dir, e);
          }
        });
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
    worker.shutdown();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (target != null) {
      try {
        target.remove();
      } catch (IOException e) {
        LOG.warn("Sparkwatch: could not remove the Prometheus scrape target {}", target.file(), e);
      }
    }
    if (tracing == null) return;
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
