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
import type { SparkStage } from '@/lib/domain/spark';

const ROUNDS = Number(process.env.BENCH_STEP_ROUNDS ?? 30);

interface Recorded {
  application: string;
  jobs: string;
  /** The list the route reads. */
  stages: string;
  /** The list with every stage's task summary, which the route read before. */
  stagesWithSummaries: string;
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
  const { JsonArrayElements } = await import('@/lib/http/json-array');
  const { listElements } = await import('@/lib/sources/spark/client');
  const { jobListWire, toJob } = await import('@/lib/sources/spark/jobs');
  const { jobRows, stageRows } = await import('@/lib/correlate/stages');
  const { RowsText } = await import('@/lib/correlate/app-stages');
  const { jsonWithRaw } = await import('@/lib/api/route');
  const { parseWire } = await import('@/lib/http/wire');
  const summaries = new URLSearchParams({ withSummaries: 'true', quantiles: QUANTILES.join(',') });
  const answers = await recorded({
    application: '',
    jobs: '/jobs',
    stages: '/stages',
    stagesWithSummaries: `/stages?${summaries}`,
  });
  const req = { source: 'spark', url: 'http://history/api/v1/…' };
  const kib = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
  console.log(`\nthe console's steps on the History Server's answers (${ROUNDS} rounds)`);
  let stages: SparkStage[] = [];
  for (const [name, text] of [
    ['stages with summaries (before)', answers.stagesWithSummaries],
    ['stages (the list the route reads)', answers.stages],
  ] as const) {
    console.log(` ${name}: ${kib(text)}`);
    const bytes = Buffer.from(text);
    time('body bytes → text', () => bytes.toString('utf8'));
    const gz = gzipSync(bytes);
    time('gunzip (UPSTREAM_COMPRESSION=true only)', () => gunzipSync(gz));
    const raw = time('JSON.parse', () => JSON.parse(text) as unknown);
    const wire = time('wire validation', () => parseWire(stageListWire, raw, req));
    stages = time('toStage', () => wire.map(toStage));
    // The elements parsed, validated and mapped in batches as they arrive, mostly while the
    // History Server is still sending (JsonArrayElements). It flushes each stage on its own: a
    // few KiB a chunk.
    time('in batches, from 4 KiB chunks (CPU, overlaps the download)', () => {
      const elements = new JsonArrayElements(listElements(stageListWire.element, toStage));
      for (let i = 0; i < bytes.length; i += 4096) elements.write(bytes.subarray(i, i + 4096));
      return elements.end();
    });
  }
  console.log(' the rest');
  console.log(` jobs: ${kib(answers.jobs)}`);
  const jobs = time('jobs: JSON.parse + validation + toJob', () =>
    parseWire(jobListWire, JSON.parse(answers.jobs), req).map(toJob),
  );
  const rows = time('stageRows (flags included)', () => stageRows(stages, jobs));
  const jobList = time('jobRows', () => jobRows(jobs));
  const body = { data: { appId: LARGE_EVENT_LOG.appId, jobs: jobList, stages: rows }, sources: {} };
  const text = time('answer: JSON.stringify', () => JSON.stringify(body));
  console.log(`  answer: ${kib(text)} (${rows.length} stage rows, ${jobList.length} job rows)`);
  // What the route does instead (RowsText): the rows written as text while the list downloads,
  // batch by batch; after its last byte, only the sort and the join.
  const batches: SparkStage[][] = [];
  for (let i = 0; i < stages.length; i += 20) batches.push(stages.slice(i, i + 20));
  const written = time('RowsText: jobs, then rows batch by batch (overlaps)', () => {
    const text = new RowsText();
    text.setJobs(jobs);
    const take = text.sink();
    const held = batches.flatMap((b) => take(b));
    return { text, held };
  });
  const answer = time('RowsText: after the last byte, sort and join', () =>
    written.text.stages(written.held),
  );
  time('jsonWithRaw: the answer’s bytes', () =>
    jsonWithRaw({ jobs: written.text.jobs, stages: answer }, { appId: LARGE_EVENT_LOG.appId }, {}),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
