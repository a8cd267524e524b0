/**
 * The shipper's health in the Prometheus text format, served on 127.0.0.1 (GET /metrics).
 */
import { type Server, createServer } from 'node:http';

export interface ShipperHealth {
  /** Lines indexed into spark-logs-* (raw and cut ones included). */
  shipped: number;
  /** Lines Elasticsearch refused, written to the dead-letter index instead. */
  deadLettered: number;
  /** Lines longer than the cap, cut. */
  cut: number;
  /** Lines that are not Spark JSON (malformed, stderr, JVM output), indexed raw. */
  raw: number;
  /** Passes that failed (Elasticsearch down or refusing a whole request), retried later. */
  failedPasses: number;
  /** Offsets that could not be saved (kept in memory, written again next pass). */
  offsetWriteErrors: number;
  /** Bytes written but not shipped yet, per file path. */
  lag: Map<string, number>;
  lastError?: { message: string; at: number };
  lastSuccessAt?: number;
}

export const newHealth = (): ShipperHealth => ({
  shipped: 0,
  deadLettered: 0,
  cut: 0,
  raw: 0,
  failedPasses: 0,
  offsetWriteErrors: 0,
  lag: new Map(),
});

const label = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function renderMetrics(h: ShipperHealth): string {
  const out: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`);
  };
  const counter = (name: string, help: string, value: number) =>
    metric(name, 'counter', help, [['', value]]);
  counter('sparkwatch_shipper_lines_shipped_total', 'Lines indexed into spark-logs-*.', h.shipped);
  counter(
    'sparkwatch_shipper_lines_dead_lettered_total',
    'Lines Elasticsearch refused, written to the dead-letter index with the reason.',
    h.deadLettered,
  );
  counter(
    'sparkwatch_shipper_lines_cut_total',
    'Lines longer than the cap, cut and marked.',
    h.cut,
  );
  counter(
    'sparkwatch_shipper_lines_raw_total',
    'Lines that are not Spark JSON, indexed raw.',
    h.raw,
  );
  counter(
    'sparkwatch_shipper_failed_passes_total',
    'Passes that failed (Elasticsearch down or refusing a request) and were retried.',
    h.failedPasses,
  );
  counter(
    'sparkwatch_shipper_offset_write_errors_total',
    'Times the offsets file could not be written.',
    h.offsetWriteErrors,
  );
  metric(
    'sparkwatch_shipper_lag_bytes',
    'gauge',
    'Bytes written to a log file and not shipped yet.',
    [...h.lag].map(([file, bytes]) => [`{file="${label(file)}"}`, bytes]),
  );
  metric(
    'sparkwatch_shipper_last_error_timestamp_seconds',
    'gauge',
    'When the last error happened (0: never).',
    [['', h.lastError ? h.lastError.at / 1000 : 0]],
  );
  metric(
    'sparkwatch_shipper_last_error_info',
    'gauge',
    'The last error, as a label.',
    h.lastError ? [[`{message="${label(h.lastError.message.slice(0, 300))}"}`, 1]] : [],
  );
  metric(
    'sparkwatch_shipper_last_success_timestamp_seconds',
    'gauge',
    'When a pass last shipped or found nothing to ship (0: never).',
    [['', h.lastSuccessAt ? h.lastSuccessAt / 1000 : 0]],
  );
  return `${out.join('\n')}\n`;
}

/** Serves /metrics on 127.0.0.1:port (0: any free port); resolves with the bound port. */
export function serveMetrics(
  health: ShipperHealth,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderMetrics(health));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'GET /metrics only' } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}
