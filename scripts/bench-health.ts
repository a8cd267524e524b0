/**
 * `npm run bench:health`: the latency of the console's /api/health against the direct backend
 * probes it makes, measured in one run, interleaved, so both see the same machine load.
 * Target: the console adds at most 50 ms at p95 over the slowest direct probe.
 */
import { describe, disconnect, get, percentile, startConsole, timed } from './lib/bench';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 20;

const env = (name: string, fallback: string) => (process.env[name] ?? fallback).replace(/\/+$/, '');
const prometheus = env('PROMETHEUS_URL', 'http://127.0.0.1:9090');
const alertmanager = env('ALERTMANAGER_URL', 'http://127.0.0.1:9093');
const elasticsearch = env('ELASTICSEARCH_URL', 'http://127.0.0.1:9200');
const jaeger = env('JAEGER_URL', 'http://127.0.0.1:16686');

// The same requests the console's probes send (lib/sources/*/health.ts).
const direct: Record<string, () => Promise<unknown>> = {
  prometheus: () => get(`${prometheus}/api/v1/status/buildinfo`),
  alertmanager: () => get(`${alertmanager}/api/v2/status`),
  elasticsearch: () =>
    Promise.all([
      get(`${elasticsearch}/_nodes/_local/_none`),
      get(`${elasticsearch}/_cluster/health`),
    ]),
  jaeger: () => Promise.all([get(`${jaeger}/`), get(`${jaeger}/api/services`)]),
};

async function main() {
  const console_ = await startConsole();
  try {
    const perBackend: Record<string, number[]> = Object.fromEntries(
      Object.keys(direct).map((k) => [k, []]),
    );
    const slowest: number[] = [];
    const viaConsole: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < WARMUP + ITERATIONS; i += 1) {
      const probes = await Promise.all(
        Object.entries(direct).map(async ([name, probe]) => ({ name, ...(await timed(probe)) })),
      );
      const { ms: consoleMs, value } = await timed(() => get(`${console_.url}/api/health`));
      if (i < WARMUP) continue;
      const body = JSON.parse(value) as { status: string; down: string[] };
      if (body.status !== 'ok')
        throw new Error(`backends down during the benchmark: ${body.down.join(', ')}`);
      for (const probe of probes) perBackend[probe.name]?.push(probe.ms);
      const max = Math.max(...probes.map((p) => p.ms));
      slowest.push(max);
      viaConsole.push(consoleMs);
      overhead.push(consoleMs - max);
    }
    console.log(
      `\n/api/health vs direct probes, ${ITERATIONS} interleaved rounds (after ${WARMUP} warm-up)`,
    );
    for (const [name, values] of Object.entries(perBackend))
      console.log(describe(`direct ${name}`, values));
    console.log(describe('slowest direct probe (per round)', slowest));
    console.log(describe('console /api/health', viaConsole));
    console.log(describe('overhead (console − slowest)', overhead));
    const p95 = percentile(overhead, 95);
    console.log(
      `\noverhead p95 ${p95.toFixed(1)} ms — target ≤ 50 ms: ${p95 <= 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    console_.stop();
    disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
