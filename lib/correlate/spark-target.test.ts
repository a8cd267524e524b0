import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReplayedRequest, replayBackends } from '@/lib/http/replay';
import { readSpark, resolveSparkApp } from './spark-target';

const fixtures = path.join(__dirname, '..', 'sources');
const fixture = (source: string, name: string) =>
  readFileSync(path.join(fixtures, source, 'fixtures', name), 'utf8');
const replay = replayBackends();
const signal = () => new AbortController().signal;

/** Prometheus and the History Server share the replay's URL: each answers its own paths. */
function serve(answers: { up: string; application: string | 404 }) {
  replay.answer((r: ReplayedRequest) => {
    if (r.url.pathname === '/api/v1/query') return new Response(fixture('prometheus', answers.up));
    if (answers.application === 404)
      return new Response('no such app: x', {
        status: 404,
        headers: { 'content-type': 'text/plain' },
      });
    return new Response(fixture('spark', answers.application));
  });
  return replay.calls;
}

describe('where an app’s Spark record is read', () => {
  it('reads a finished app from the History Server, even with a driver target still up', async () => {
    serve({
      up: 'prometheus.query.driver-instance.json',
      application: 'spark.application.finished.json',
    });
    const r = await resolveSparkApp('app-20261201033610-0000', signal());
    expect(r.refs).toEqual([
      { target: { origin: 'history', url: replay.url }, appId: 'app-20261201033610-0000' },
    ]);
  });

  it('reads a running app from its driver UI, found from the instance of its Prometheus target', async () => {
    const calls = serve({
      up: 'prometheus.query.driver-instance.json',
      application: 'spark.application.driver-running.json',
    });
    const r = await resolveSparkApp('app-20261201034119-0000', signal());
    const query = calls.find((c) => c.url.pathname === '/api/v1/query');
    expect(query?.url.searchParams.get('query')).toBe(
      'max by (instance) (up{app_id="app-20261201034119-0000"}) == 1',
    );
    expect(r.refs.map((x) => x.target)).toEqual([
      { origin: 'driver', url: 'http://127.0.0.1:4041' },
      { origin: 'history', url: replay.url },
    ]);
  });

  it('finds a running app the History Server does not list yet through its driver alone', async () => {
    serve({ up: 'prometheus.query.driver-instance.json', application: 404 });
    const r = await resolveSparkApp('app-20261201034119-0000', signal());
    expect(r.refs.map((x) => x.target.origin)).toEqual(['driver']);
    expect(r.application).toBeUndefined();
  });

  it('says why when neither the History Server nor a driver knows the app', async () => {
    serve({ up: 'prometheus.query.no-driver.json', application: 404 });
    await expect(resolveSparkApp('app-19700101000000-0000', signal())).rejects.toThrow(
      /no Spark record of app-19700101000000-0000: the History Server does not list it \(.*no such app: x\) and no live driver/,
    );
  });

  it('falls back to the History Server when the driver has gone, saying so', async () => {
    const driver = { target: { origin: 'driver' as const, url: 'http://127.0.0.1:1' }, appId: 'a' };
    const history = { target: { origin: 'history' as const, url: replay.url }, appId: 'a' };
    const read = await readSpark({ refs: [driver, history] }, async (ref) => {
      if (ref.target.origin === 'driver') throw new Error('spark unreachable');
      return 42;
    });
    expect(read.value).toBe(42);
    expect(read.ref).toBe(history);
    expect(read.warnings[0]).toMatch(/driver UI at http:\/\/127\.0\.0\.1:1 did not answer/);
  });

  it('says the scrape target is no Spark UI, not "driver UI answered HTTP 404", for an app the History Server lacks', async () => {
    // The seed's synthetic app: Prometheus scrapes an exporter, which answers 404 on /api/v1.
    serve({ up: 'prometheus.query.driver-instance.json', application: 404 });
    const resolved = await resolveSparkApp('app-20261201034119-0000', signal());
    const failed = readSpark(resolved, async (ref) => {
      const { listJobs } = await import('@/lib/sources/spark/jobs');
      return listJobs({ ...ref, target: { ...ref.target, url: replay.url } });
    });
    await expect(failed).rejects.toThrow(
      /^no Spark record of app-20261201034119-0000: the History Server does not hold it \(.*no such app: x\), and what Prometheus scrapes for it at http:\/\/127\.0\.0\.1:4041 serves no Spark REST API \(HTTP 404\) — a finished app needs spark\.eventLog\.enabled/,
    );
    await expect(failed).rejects.toMatchObject({ status: 404, source: 'spark' });
  });
});
