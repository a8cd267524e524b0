import 'server-only';
import type { Correlated, ShipperStatus } from '@/lib/domain/types';
import { labelSelector } from '@/lib/sources/prometheus/promql';
import { type InstantSample, instantQuery } from '@/lib/sources/prometheus/queries';
import { fanOut } from './fan-out';

// The scrape job of the log shipper in the shipped Prometheus config (deploy/prometheus).
const SHIPPER_JOB = 'sparkwatch-shipper';
const METRIC = 'sparkwatch_shipper_';

const COUNTERS = {
  lines_shipped_total: 'linesShipped',
  lines_dead_lettered_total: 'linesDeadLettered',
  lines_cut_total: 'linesCut',
  lines_raw_total: 'linesRaw',
  failed_passes_total: 'failedPasses',
  offset_write_errors_total: 'offsetWriteErrors',
} as const satisfies Record<string, keyof ShipperStatus>;

function emptyStatus(instance: string): ShipperStatus {
  return {
    instance,
    up: false,
    linesShipped: 0,
    linesDeadLettered: 0,
    linesCut: 0,
    linesRaw: 0,
    failedPasses: 0,
    offsetWriteErrors: 0,
    lagBytes: 0,
    files: [],
  };
}

/** Every series of the shipper job folded into one status per shipper instance. */
export function shipperStatuses(samples: InstantSample[]): ShipperStatus[] {
  const byInstance = new Map<string, ShipperStatus>();
  const errorMessage = new Map<string, string>();
  for (const { labels, value } of samples) {
    const instance = labels.instance ?? '?';
    const status = byInstance.get(instance) ?? emptyStatus(instance);
    byInstance.set(instance, status);
    const name = labels.__name__ ?? '';
    const v = value ?? 0;
    if (name === 'up') status.up = v === 1;
    if (!name.startsWith(METRIC)) continue;
    const short = name.slice(METRIC.length);
    if (short in COUNTERS) status[COUNTERS[short as keyof typeof COUNTERS]] = v;
    else if (short === 'lag_bytes') {
      status.files.push({ file: labels.file ?? '?', lagBytes: v });
      status.lagBytes += v;
    } else if (short === 'last_error_timestamp_seconds' && v > 0)
      status.lastError = { at: v * 1000, message: status.lastError?.message ?? '' };
    else if (short === 'last_error_info' && labels.message)
      errorMessage.set(instance, labels.message);
    else if (short === 'last_success_timestamp_seconds' && v > 0) status.lastSuccessAt = v * 1000;
  }
  for (const [instance, message] of errorMessage) {
    const status = byInstance.get(instance);
    if (status?.lastError) status.lastError.message = message;
  }
  for (const status of byInstance.values()) status.files.sort((a, b) => b.lagBytes - a.lagBytes);
  return [...byInstance.values()].sort((a, b) => a.instance.localeCompare(b.instance));
}

/** The log shippers Prometheus scrapes: lag, lines shipped / dead-lettered / cut / raw, last error. */
export async function logShippers(
  signal: AbortSignal,
): Promise<Correlated<ShipperStatus[] | null>> {
  const { data, sources } = await fanOut(
    {
      prometheus: async (s) => {
        const answer = await instantQuery(labelSelector({ job: SHIPPER_JOB }), undefined, {
          signal: s,
        });
        return { value: shipperStatuses(answer.value), warnings: answer.warnings };
      },
    },
    signal,
  );
  return { data: data.prometheus, sources };
}
