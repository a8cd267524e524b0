package io.sparkwatch.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Tells a Prometheus with file-based discovery where this driver serves its metrics: {@code
 * <dir>/<app id>.json} holding {@code [{"targets": ["host:port"], "labels": {"app_id", "app_name"}}]},
 * the shape deploy/prometheus/prometheus.yml reads (its {@code spark-driver} job scrapes the
 * PrometheusServlet there, {@code spark-executors} the executors' endpoint). The file goes when the
 * app stops, so Prometheus stops scraping it. Written on the plugin's own thread, never the
 * listener bus.
 */
final class ScrapeTarget {
  private final Path file;
  private final String json;

  ScrapeTarget(Path dir, String host, int port, String appId, String appName) {
    this.file = dir.resolve(appId + ".json");
    this.json =
        "[{\"targets\":[\"" + escape(host + ":" + port) + "\"],\"labels\":{\"app_id\":\"" + escape(appId)
            + "\",\"app_name\":\"" + escape(appName) + "\"}}]\n";
  }

  void write() throws IOException {
    Files.createDirectories(file.getParent());
    // Prometheus must never read a half-written file: write aside, then rename.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void remove() throws IOException {
    Files.deleteIfExists(file);
  }

  Path file() {
    return file;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.toString();
  }
}
