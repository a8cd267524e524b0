import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayBackends } from '@/lib/http/replay';
import { getApplication, listApplications } from '@/lib/sources/spark/applications';
import type { SparkAppRef, SparkTarget } from '@/lib/sources/spark/client';
import { getEnvironment } from '@/lib/sources/spark/environment';
import { listStages, listTasks } from '@/lib/sources/spark/stages';
import { REDACTED, keyStages, propertyDiff, runsOfName, stageDeltas } from './compare';

// Two real runs of deploy/spark/revenue.py (pyspark 4.0.5, local-cluster[2,1,1024], event logs read
// back by a History Server): the base with spark.sql.shuffle.partitions=8, the second with 16 and
// `--hot-city Toamasina` (90 % of the rides moved to one city and day, six copies each). The
// environment answers keep the Spark properties only, machine paths replaced.
const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'sources', 'spark', 'fixtures', name), 'utf8');
const replay = replayBackends();
const BASE = 'app-20261201063514-0000';
const HOT = 'app-20261201063959-0000';

const history = (): SparkTarget => ({ origin: 'history', url: replay.url });
const ref = (appId: string): SparkAppRef => ({ target: history(), appId });
function serve(name: string) {
  replay.answer(() => new Response(fixture(name)));
}
async function stagesOf(run: 'base' | 'hot') {
  serve(`spark.stages.revenue-${run}.json`);
  return listStages(ref(run === 'base' ? BASE : HOT), { withSummaries: true });
}
async function propertiesOf(run: 'base' | 'hot') {
  serve(`spark.environment.revenue-${run}.json`);
  return (await getEnvironment(ref(run === 'base' ? BASE : HOT))).sparkProperties;
}

describe('two runs of one app compared', () => {
  it('matches every stage that ran by job description, call site and rank, not by id', async () => {
    const keyed = keyStages(await stagesOf('hot'));
    // Ten stages ran; the skipped ones (reused shuffle output) are left out. Stage 0's call site is
    // DataFrameReader.scala:306 in one run and :58 in the other: lines do not take part.
    expect(keyed).toHaveLength(10);
    const window = keyed.filter((k) => k.key.startsWith('moving average price per city · '));
    expect(window.map((k) => [k.stage.stageId, k.key.slice(-2)])).toEqual([
      [9, '#1'],
      [11, '#2'],
    ]);
    expect(new Set(keyed.map((k) => k.key)).size).toBe(keyed.length);
  });

  it('puts the regressed, skewed stage first with its deltas', async () => {
    const deltas = stageDeltas(await stagesOf('hot'), await stagesOf('base'));
    expect(deltas).toHaveLength(10);
    expect(deltas.every((d) => d.current && d.base)).toBe(true);
    const [first] = deltas;
    expect(first?.description).toBe('moving average price per city');
    expect(first?.current?.stageId).toBe(11);
    expect(first?.base?.stageId).toBe(11);
    // 06:41:03.997 → 06:41:40.881 against 06:36:26.000 → 06:36:35.188.
    expect(first?.current?.durationMs).toBe(36_884);
    expect(first?.base?.durationMs).toBe(9_188);
    expect(first?.delta.durationMs).toBe(27_696);
    expect(first?.current?.numTasks).toBe(16);
    expect(first?.base?.numTasks).toBe(8);
    expect(first?.delta.records).toBeGreaterThan(2_000_000);
    expect(first?.delta.shuffleReadBytes).toBeGreaterThan(0);
    const skew = first?.current?.flags.find((f) => f.kind === 'skew');
    // The slowest task 30,635 ms against a median of 601 ms.
    expect(skew?.numbers).toMatchObject({ ratio: 51, maxTaskMs: 30_635, medianTaskMs: 601 });
    expect(first?.base?.flags.find((f) => f.kind === 'skew')).toBeUndefined();
    // Regressions first: durations deltas never grow down the list.
    const d = deltas.map((x) => x.delta.durationMs);
    expect(d).toEqual([...d].sort((a, b) => b - a));
  });

  it('compares a stage of one run only with nothing', async () => {
    const base = await stagesOf('base');
    const hot = await stagesOf('hot');
    const deltas = stageDeltas(
      hot,
      base.filter((s) => s.stageId !== 17),
    );
    const count = deltas.find((x) => x.current?.stageId === 17);
    expect(count?.base).toBeUndefined();
    expect(count?.delta.durationMs).toBe(count?.current?.durationMs);
  });

  it('finds the slowest task of the regressed stage, whose executor’s logs to read', async () => {
    serve('spark.task-list.revenue-hot-slowest.json');
    const [task] = await listTasks(ref(HOT), {
      stageId: 11,
      attemptId: 0,
      sortBy: '-runtime',
      length: 1,
    });
    expect(replay.calls[0]?.url.searchParams.get('sortBy')).toBe('-runtime');
    expect(task).toMatchObject({ executorId: '0', durationMs: 30_635 });
  });

  it('lists only the Spark property that changed, not the per-run ids', async () => {
    const diff = propertyDiff(await propertiesOf('hot'), await propertiesOf('base'));
    expect(diff).toEqual([{ key: 'spark.sql.shuffle.partitions', current: '16', base: '8' }]);
  });

  it('redacts secrets and shows a property set in one run only', () => {
    const diff = propertyDiff(
      {
        'spark.ssl.keyPassword': 'hunter2',
        'spark.hadoop.fs.s3a.secret.key': 'abc',
        'spark.x': '1',
      },
      { 'spark.ssl.keyPassword': 'hunter3' },
    );
    expect(diff).toEqual([
      { key: 'spark.hadoop.fs.s3a.secret.key', current: REDACTED },
      { key: 'spark.ssl.keyPassword', current: REDACTED, base: REDACTED },
      { key: 'spark.x', current: '1' },
    ]);
  });

  it('finds the previous run of the same name in the History Server’s list', async () => {
    serve('spark.applications.revenue-runs.json');
    const listed = await listApplications(history());
    serve('spark.application.revenue-hot.json');
    const current = await getApplication(history(), HOT);
    const runs = runsOfName(current, listed);
    expect(runs.previous?.appId).toBe(BASE);
    expect(runs.runs.map((r) => r.appId)).toEqual([BASE]);
    serve('spark.application.revenue-base.json');
    expect(runsOfName(await getApplication(history(), BASE), listed).previous).toBeUndefined();
  });
});
