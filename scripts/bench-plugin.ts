/**
 * `npm run bench:plugin`: what the Sparkwatch Spark plugin costs a real job. Runs revenue-nightly
 * (deploy/spark/revenue.py, local-cluster[2,1,1024], JSON logs) BENCH_ROUNDS times (default 5) with
 * the plugin's confs and as many times without, alternating which goes first in each round so both
 * see the same machine load, and prints the median wall time of each and their ratio.
 * Target: with / without ≤ 1.03. Traces go to the local Jaeger (SW_OTLP_HTTP_PORT, default 4318).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './lib/bench';
import { jsonLogConfs, sparkEnv, sparkwatchConfs, submit } from './lib/spark-run';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OTLP_HTTP = `http://127.0.0.1:${process.env.SW_OTLP_HTTP_PORT || '4318'}`;

function main() {
  const env = sparkEnv();
  const dir = mkdtempSync(join(tmpdir(), 'sparkwatch-bench-plugin-'));
  const rides = join(dir, 'rides');
  /** `label` names the run's directory: no spaces (it ends up in -D options). */
  const run = (label: string, plugin: boolean): number => {
    const out = join(dir, label);
    const args = [
      ['--master', 'local-cluster[2,1,1024]', '--conf', 'spark.sql.shuffle.partitions=4'],
      ['--conf', 'spark.ui.showConsoleProgress=false'],
      plugin ? sparkwatchConfs(env.jar, OTLP_HTTP) : [],
      jsonLogConfs(join(out, 'driver.log')),
      ['deploy/spark/revenue.py', '--rides', rides, '--output', out],
    ].flat();
    rmSync(out, { recursive: true, force: true });
    const result = submit(env, args, `${out}.log`);
    if (result.status !== 0)
      throw new Error(`${label} failed (exit ${result.status}); see ${out}.log`);
    console.log(`  ${label.padEnd(18)} ${result.seconds.toFixed(1).padStart(6)} s`);
    return result.seconds;
  };

  console.log(
    `revenue-nightly, ${ROUNDS} rounds (a first run writes the rides table and warms caches)`,
  );
  run('warm-up', false);
  const times = { with: [] as number[], without: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    const order: ('with' | 'without')[] = round % 2 ? ['with', 'without'] : ['without', 'with'];
    for (const variant of order)
      times[variant].push(run(`${round}-${variant}-plugin`, variant === 'with'));
  }
  const withMedian = percentile(times.with, 50);
  const withoutMedian = percentile(times.without, 50);
  console.log(
    `median wall time: with the plugin ${withMedian.toFixed(1)} s, without ${withoutMedian.toFixed(1)} s; ` +
      `ratio ${(withMedian / withoutMedian).toFixed(3)} (target ≤ 1.03)`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main();
