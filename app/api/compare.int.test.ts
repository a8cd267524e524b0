import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedIn } from '@/lib/testing/session';
import { answerRef, departures } from '@/lib/api/conformance';
import type { AppComparison, AppRuns } from '@/lib/domain/spark';
import type { Correlated, LogPage } from '@/lib/domain/types';
import { GET as compare } from './apps/[appId]/compare/[otherAppId]/route';
import { GET as runsOf } from './apps/[appId]/runs/route';
import { GET as logs } from './logs/route';

// The two revenue-nightly runs the Spark walk (scripts/spark-demo.int.test.ts, run first) leaves
// in the stack: the base with spark.sql.shuffle.partitions=8, the second with 16 and a hot key.
const STACK = process.env.SW_STACK_DIR || '.stack';

function walkRuns(): { hot: string; base: string } {
  const last = path.join(STACK, 'spark', 'last-run');
  if (!existsSync(last))
    throw new Error(`${last} is missing: run the Spark walk (npm run spark:demo) first`);
  const run = readFileSync(last, 'utf8').trim();
  const id = (dir: string) => readFileSync(path.join(run, dir, 'app-id'), 'utf8').trim();
  return { hot: id('revenue-hot'), base: id('revenue') };
}

async function comparison(hot: string, base: string): Promise<Correlated<AppComparison>> {
  const response = await compare(signedIn(`http://console.test/api/apps/${hot}/compare/${base}`), {
    params: Promise.resolve({ appId: hot, otherAppId: base }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Correlated<AppComparison>;
  expect(departures(answerRef('/api/apps/{appId}/compare/{otherAppId}'), body)).toEqual([]);
  return body;
}

describe('[slow] the comparison of the Spark walk’s two revenue-nightly runs', () => {
  it(
    'finds the previous run, the changed property and the regressed skewed stage first, with its slowest executor’s logs',
    { timeout: 120_000 },
    async () => {
      const { hot, base } = walkRuns();
      // The History Server lists a finished app's event log at its next scan.
      let body = await comparison(hot, base);
      for (let i = 0; i < 60 && body.sources.spark?.state !== 'ok'; i += 1) {
        await new Promise((r) => setTimeout(r, 1000));
        body = await comparison(hot, base);
      }
      expect(body.sources.spark?.state, JSON.stringify(body.sources.spark)).toBe('ok');
      expect(body.data.current?.appId).toBe(hot);
      expect(body.data.base?.appId).toBe(base);
      expect(body.data.properties).toContainEqual({
        key: 'spark.sql.shuffle.partitions',
        current: '16',
        base: '8',
      });
      expect(body.data.properties.map((p) => p.key)).not.toContain('spark.app.id');

      const [first] = body.data.stages;
      expect(first?.description).toBe('moving average price per city');
      expect(first?.current && first.base).toBeTruthy();
      expect(first?.delta.durationMs).toBeGreaterThan(0);
      const skew = first?.current?.flags.find((f) => f.kind === 'skew');
      expect(skew?.numbers.ratio).toBeGreaterThanOrEqual(3);
      expect(first?.base?.flags.some((f) => f.kind === 'skew')).toBe(false);
      expect(first?.slowestTask?.executorId).toMatch(/^\d+$/);

      // Both runs' lines are in Elasticsearch, counted by logger.
      expect(body.sources.elasticsearch?.state).toBe('ok');
      expect(body.data.logs?.current.total).toBeGreaterThan(0);
      expect(body.data.logs?.base.total).toBeGreaterThan(0);
      expect(body.data.logs?.current.byLogger.length).toBeGreaterThan(1);

      // The slowest task's executor has lines in the stage's window.
      const c = first!.current!;
      const q = new URLSearchParams({
        appId: hot,
        executorId: first!.slowestTask!.executorId,
        from: String((c.submitted ?? 0) - 60_000),
        to: String((c.completed ?? Date.now()) + 60_000),
      });
      const page = await logs(signedIn(`http://console.test/api/logs?${q}`), undefined);
      expect(page.status).toBe(200);
      const lines = (await page.json()) as Correlated<LogPage | null>;
      expect(lines.data?.entries.length).toBeGreaterThan(0);
      expect(
        lines.data?.entries.every((e) => e.executorId === first!.slowestTask!.executorId),
      ).toBe(true);

      const listed = await runsOf(signedIn(`http://console.test/api/apps/${hot}/runs`), {
        params: Promise.resolve({ appId: hot }),
      });
      const runs = (await listed.json()) as Correlated<AppRuns>;
      expect(departures(answerRef('/api/apps/{appId}/runs'), runs)).toEqual([]);
      expect(runs.data.name).toBe('revenue-nightly');
      expect(runs.data.previous?.appId).toBe(base);
    },
  );

  it('refuses to compare a run with itself, naming the parameter', async () => {
    const id = 'app-20261201063514-0000';
    const response = await compare(signedIn(`http://console.test/api/apps/${id}/compare/${id}`), {
      params: Promise.resolve({ appId: id, otherAppId: id }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe(
      'otherAppId',
    );
  });
});
