package io.sparkwatch.spark;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

/**
 * The OpenTelemetry side of the driver: spans with given ids and timestamps, exported over
 * OTLP/HTTP through a bounded {@link BatchSpanProcessor}. Emitting a span only queues it, so the
 * listener bus never waits on the network; when the queue is full or the collector fails, spans
 * are dropped and counted ({@link #dropped()}), never retried at the app's expense.
 */
final class Tracing {
  /** Export settings, from the Spark conf (see {@link SparkwatchDriverPlugin}). */
  record Settings(String endpoint, int maxQueueSize, Duration timeout) {}

  /**
   * The SDK logs every failed export at SEVERE with a stack trace (through Spark's JUL bridge): a
   * collector down for an hour would fill the driver log. Drops are reported by the plugin instead,
   * counted, with the last error. Held statically: JUL keeps only weak references to loggers.
   */
  private static final java.util.logging.Logger SDK_LOG =
      java.util.logging.Logger.getLogger(Span.class.getName().substring(0, Span.class.getName().indexOf(".api.")));

  static {
    SDK_LOG.setLevel(Level.OFF);
  }

  private final String endpoint;
  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final SdkMeterProvider meters;
  private final QueueDrops queueDrops = new QueueDrops();
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong exportFailed = new AtomicLong();
  private volatile String lastError;
  private final FixedIds ids = new FixedIds();
  private volatile long finalDropped = -1;

  Tracing(String serviceName, Settings settings) {
    this.endpoint = settings.endpoint();
    meters = SdkMeterProvider.builder().registerMetricReader(queueDrops).build();
    SpanExporter otlp =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(tracesUrl(settings.endpoint()))
            .setTimeout(settings.timeout())
            .setConnectTimeout(settings.timeout())
            // A retry would only hold the export thread longer: a span not delivered at once is
            // dropped and counted.
            .setRetryPolicy(null)
            .setServiceClassLoader(Tracing.class.getClassLoader())
            .build();
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(new CountingExporter(otlp))
            .setMaxQueueSize(settings.maxQueueSize())
            .setMaxExportBatchSize(Math.min(512, settings.maxQueueSize()))
            .setScheduleDelay(Duration.ofSeconds(1))
            .setExporterTimeout(settings.timeout())
            .setMeterProvider(meters)
            .build();
    provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault().toBuilder()
                    .put("service.name", serviceName)
                    .put("spark.app.name", serviceName)
                    .build())
            .setIdGenerator(ids)
            .addSpanProcessor(batches)
            .build();
    tracer = provider.get("io.sparkwatch.spark", SparkwatchDriverPlugin.VERSION);
  }

  /** OTEL_EXPORTER_OTLP_ENDPOINT is a base URL; the traces path goes after it (as the SDK does). */
  static String tracesUrl(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
  }

  String endpoint() {
    return endpoint;
  }

  /**
   * Queues one finished span: a null parent makes it the root of its trace, a non-null error sets
   * status ERROR with that description.
   */
  void emit(SpanSpec span) {
    ids.next(span.traceId(), span.spanId());
    try {
      SpanBuilder builder =
          tracer
              .spanBuilder(span.name())
              .setStartTimestamp(span.startMs(), TimeUnit.MILLISECONDS)
              .setAllAttributes(span.attributes());
      if (span.parentSpanId() == null) {
        builder.setNoParent();
      } else {
        SpanContext parent =
            SpanContext.create(span.traceId(), span.parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
        builder.setParent(Context.root().with(Span.wrap(parent)));
      }
      Span started = builder.startSpan();
      if (span.error() != null) started.setStatus(StatusCode.ERROR, span.error());
      started.end(Math.max(span.endMs(), span.startMs()), TimeUnit.MILLISECONDS);
    } finally {
      ids.clear();
    }
  }

  /** The last export failure (exception class and message), or null. */
  String lastError() {
    return lastError;
  }

  long exported() {
    return exported.get();
  }

  /** Spans lost so far: refused by the full queue, or a failed / timed-out export. */
  long dropped() {
    long done = finalDropped;
    return done >= 0 ? done : queueDrops.dropped() + exportFailed.get();
  }

  /** Flushes what is queued within {@code wait}, then stops; the app never waits longer. */
  void shutdown(Duration wait) {
    provider.shutdown().join(wait.toMillis(), TimeUnit.MILLISECONDS);
    finalDropped = queueDrops.dropped() + exportFailed.get();
    meters.shutdown().join(1, TimeUnit.SECONDS);
  }

  /** One span to emit: ids, timestamps from Spark's events (epoch ms), attributes, error. */
  record SpanSpec(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long startMs,
      long endMs,
      Attributes attributes,
      String error) {}

  /** Hands the SDK the ids chosen for the span being started on this thread (see TraceIds). */
  private static final class FixedIds implements IdGenerator {
    private final ThreadLocal<String[]> next = new ThreadLocal<>();
    private final IdGenerator random = IdGenerator.random();

    void next(String traceId, String spanId) {
      next.set(new String[] {traceId, spanId});
    }

    void clear() {
      next.remove();
    }

    @Override
    public String generateSpanId() {
      String[] ids = next.get();
      return ids == null ? random.generateSpanId() : ids[1];
    }

    @Override
    public String generateTraceId() {
      String[] ids = next.get();
      return ids == null ? random.generateTraceId() : ids[0];
    }

    @Override
    public boolean generatesRandomTraceIds() {
      return false;
    }
  }

  /** Counts what the OTLP exporter delivered and what it failed to. */
  private final class CountingExporter implements SpanExporter {
    private final SpanExporter delegate;

    CountingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int n = spans.size();
      CompletableResultCode result;
      try {
        result = delegate.export(spans);
      } catch (RuntimeException e) {
        exportFailed.addAndGet(n);
        return CompletableResultCode.ofFailure();
      }
      result.whenComplete(
          () -> {
            if (result.isSuccess()) {
              exported.addAndGet(n);
            } else {
              exportFailed.addAndGet(n);
              Throwable cause = result.getFailureThrowable();
              lastError = cause == null ? "export failed" : cause.toString();
            }
          });
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  /**
   * Reads the batch processor's own count of spans it refused (queue full or shut down): the
   * SDK's {@code processedSpans} counter with {@code dropped=true}, collected on demand.
   */
  private static final class QueueDrops implements MetricReader {
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    long dropped() {
      long sum = 0;
      for (MetricData metric : registration.collectAllMetrics()) {
        if (!"processedSpans".equals(metric.getName()) || metric.getType() != MetricDataType.LONG_SUM) continue;
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) sum += point.getValue();
        }
      }
      return sum;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
