package io.sparkwatch.spark;

import java.util.List;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.ThreadContextDataInjector;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Adds {@code appId} to the context of every driver log line, whatever thread writes it.
 *
 * <p>Why an injector: the MDC is per thread and Spark logs from many (scheduler, listener bus,
 * RPC, the in-process master and workers of {@code local-cluster}), and {@code DriverPlugin.init}
 * runs before the app id exists. log4j2 asks its {@code ContextDataInjector} for every event's
 * context, so wrapping the default one reaches all of them. It is chosen at JVM start
 * ({@code -Dlog4j2.contextDataInjector=io.sparkwatch.spark.AppIdContextDataInjector}), which is
 * why the jar must be on {@code spark.driver.extraClassPath} (the system class path), not only in
 * {@code spark.jars}. Lines before the app starts carry no app id; the log shipper places them.
 */
public final class AppIdContextDataInjector extends ThreadContextDataInjector.ForDefaultThreadContextMap {
  static final String KEY = "appId";
  private static volatile String appId;

  /** Called by the driver's listener once Spark announces the app. */
  static void setAppId(String id) {
    appId = id;
  }

  @Override
  public StringMap injectContextData(List<Property> properties, StringMap reusable) {
    StringMap base = super.injectContextData(properties, reusable);
    String id = appId;
    if (id == null) return base;
    // The default injector may hand back the thread context's own frozen map: copy, then add.
    StringMap out = base.isFrozen() ? new SortedArrayStringMap(base) : base;
    out.putValue(KEY, id);
    return out;
  }
}
