/**
 * The console's production artefact without Docker: the Next.js standalone output assembled the way
 * deploy/console/Dockerfile assembles it (server.js + traced node_modules, static assets beside),
 * started from that folder with nothing but environment variables, answering /api/health and
 * serving the Status page with its assets — under Node 24 LTS, the image's runtime, and under the
 * Node that runs the tests.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, freePort, waitForHealth } from '../lib/serve';
import { ADMIN_COOKIE } from '@/lib/testing/session';
import { repoRoot, tool } from './tools';

const distDir = path.join(repoRoot, '.next');
let app: string;

beforeAll(() => {
  if (!existsSync(path.join(distDir, 'standalone', 'server.js'))) {
    // npm test builds first; alone, this test builds what it needs.
    const build = spawnSync('npx', ['next', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  app = mkdtempSync(path.join(tmpdir(), 'sw-standalone-'));
  cpSync(path.join(distDir, 'standalone'), app, { recursive: true });
  cpSync(path.join(distDir, 'static'), path.join(app, '.next', 'static'), { recursive: true });
  if (existsSync(path.join(repoRoot, 'public'))) {
    cpSync(path.join(repoRoot, 'public'), path.join(app, 'public'), { recursive: true });
  }
}, 600_000);

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

// The image's Node (24 LTS, from scripts/deploy/install-node24.sh) and the one running the tests.
const runtimes: [string, () => string, RegExp][] = [
  ['Node 24 (the image’s)', () => tool('node24'), /^v24\./],
  ['this machine’s Node', () => process.execPath, /^v\d+\./],
];

describe.each(runtimes)('standalone console build under %s', (_name, node, version) => {
  let server: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Only what the image sets plus the backends (closed ports: the console must still serve).
    server = spawn(node(), ['server.js'], {
      cwd: app,
      env: {
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        HOSTNAME: '127.0.0.1',
        PORT: String(port),
        PROMETHEUS_URL: 'http://127.0.0.1:1',
        ALERTMANAGER_URL: 'http://127.0.0.1:1',
        ELASTICSEARCH_URL: 'http://127.0.0.1:1',
        JAEGER_URL: 'http://127.0.0.1:1',
        SPARK_HISTORY_URL: 'http://127.0.0.1:1',
        CONSOLE_PUBLIC_URL: 'https://sparkwatch.example.com',
        // What the image needs for sign-in (the test's own secret, so its session cookie opens).
        SPARKWATCH_SECRET: process.env.SPARKWATCH_SECRET,
      } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(server);
    await waitForHealth(`${base}/api/health`, 60_000, server, output);
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('runs on the Node it was started with', () => {
    const result = spawnSync(node(), ['--version'], { encoding: 'utf8' });
    expect(result.stdout.trim()).toMatch(version);
  });

  it('runs from its own folder with its own traced dependencies', () => {
    expect(existsSync(path.join(app, 'server.js'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules', 'next'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules', '@elastic', 'elasticsearch'))).toBe(true);
  });

  it('answers /api/health with every backend reported down, not a console failure', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sources?: Record<string, { status?: string }> };
    expect(JSON.stringify(body)).toMatch(/prometheus/);
    expect(JSON.stringify(body)).not.toMatch(/"status":"up"/);
  });

  it('sends a caller without a session to /login', async () => {
    const res = await fetch(`${base}/status`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toMatch(/\/login\?next=%2Fstatus$/);
    expect((await fetch(`${base}/api/apps`)).status).toBe(401);
  });

  it('serves the Status page and its static assets', async () => {
    const res = await fetch(`${base}/status`, { headers: { cookie: ADMIN_COOKIE } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sparkwatch');
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    expect(asset, 'the page references a static asset').toBeDefined();
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
  });
});
