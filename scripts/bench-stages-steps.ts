/**
 * Where `/api/apps/{appId}/stages` spends its time beyond the History Server, step by step, on the
 * generated 2,000-stage app (`npm run bench:stages-steps`, stack not needed). The History Server's
 * answers are recorded once into the cache (a History Server of its own, as bench:api's stage
 * part) and each step of the console's work on them is then timed in this process. Prints
 * figures; asserts nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cacheDir } from './deploy/tools';
import { LARGE_EVENT_LOG } from './seed/large-event-log';
import { get, percentile } from './lib/bench';
import { startBenchHistory } from './bench-stages';

const ROUNDS = Number(process.env.BENCH_STEP_ROUNDS ?? 30);

interface Recorded {
  application: string;
  jobs: string;
  stages: string;
}

async function recorded(paths: Record<keyof Recorded, string>): Promise<Recorded> {
  const { appId, stages, executors, tasksPerStage } = LARGE_EVENT_LOG;
  const dir = path.join(
    cacheDir(),
    'bench-stages',
    `${appId}-${stages}x${tasksPerStage}-${executors}`,
  );
  const file = (name: string) => path.join(dir, `${name}.json`);
  const names = Object.keys(paths) as (keyof Recorded)[];
  if (!names.every((n) => existsSync(file(n)))) {
    console.log(`recording the History Server's answers into ${dir} …`);
    const bench = await startBenchHistory();
    try {
      mkdirSync(dir, { recursive: true });
      for (const n of names) {
        const text = await get(`${bench.url}/api/v1/applications/${appId}${paths[n]}`);
        writeFileSync(file(n), text);
      }
    } finally {
      bench.stop();
    }
  }
  return Object.fromEntries(names.map((n) => [n, readFileSync(file(n), 'utf8')])) as never;
}

function time<T>(label: string, run: () => T): T {
  const ms: number[] = [];
  let out!: T;
  for (let i = 0; i < ROUNDS + 3; i += 1) {
    const started = performance.now();
    out = run();
    if (i >= 3) ms.push(performance.now() - started);
  }
  console.log(
    `  ${label.padEnd(46)} p50 ${percentile(ms, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(2).padStart(7)} ms`,
  );
  return out;
}

async function main(): Promise<void> {
  const { QUANTILES, stageListWire, toStage } = await import('@/lib/sources/spark/stages');
  const { jobListWire, toJob } = await import('@/lib/sources/spark/jobs');
  const { jobRows, stageRows } = await import('@/lib/correlate/stages');
  const { parseWire } = await import('@/lib/http/wire');
  const summaries = new URLSearchParams({ withSummaries: 'true', quantiles: QUANTILES.join(',') });
  const answers = await recorded({
    application: '',
    jobs: '/jobs',
    stages: `/stages?${summaries}`,
  });
  const req = { source: 'spark', url: 'http://history/api/v1/…' };
  const kib = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
  console.log(
    `\nthe console's steps on the History Server's answers (${ROUNDS} rounds; stages ${kib(answers.stages)}, jobs ${kib(answers.jobs)})`,
  );
  const stagesBytes = Buffer.from(answers.stages);
  time('stages: body bytes → text', () => stagesBytes.toString('utf8'));
  const gz = gzipSync(stagesBytes);
  time('stages: gunzip (UPSTREAM_COMPRESSION=true only)', () => gunzipSync(gz));
  const raw = time('stages: JSON.parse', () => JSON.parse(answers.stages) as unknown);
  const wire = time('stages: wire validation', () => parseWire(stageListWire, raw, req));
  const stages = time('stages: toStage', () => wire.map(toStage));
  const jobs = time('jobs: JSON.parse + validation + toJob', () =>
    parseWire(jobListWire, JSON.parse(answers.jobs), req).map(toJob),
  );
  const rows = time('stageRows (flags included)', () => stageRows(stages, jobs));
  const jobList = time('jobRows', () => jobRows(jobs));
  const body = { data: { appId: LARGE_EVENT_LOG.appId, jobs: jobList, stages: rows }, sources: {} };
  const text = time('answer: JSON.stringify', () => JSON.stringify(body));
  console.log(`  answer: ${kib(text)} (${rows.length} stage rows, ${jobList.length} job rows)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
