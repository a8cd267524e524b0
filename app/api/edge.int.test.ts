/**
 * The console's edge, on a real console process (the standalone build) against the seeded stack:
 * the webhook's token and streaming cap measured in the process's memory, the concurrency limits
 * under 200 simultaneous timeline requests, and the security headers of pages and APIs.
 * Figures are printed, as the issue asks for them.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleProcess, sampleRss, startConsole } from '@/lib/testing/console-process';
import { ADMIN_COOKIE } from '@/lib/testing/session';

const TOKEN = `edge-int-test-${process.pid}-webhook-token`;
// The key the test's session cookie is sealed with (lib/testing/session sets it): the console
// signs cursors and opens sessions with it.
const SECRET = process.env.SPARKWATCH_SECRET!;
const signedIn = { headers: { cookie: ADMIN_COOKIE } };
const stackDir = process.env.SW_STACK_DIR ?? '.stack';
const sc = JSON.parse(readFileSync(path.join(stackDir, 'seed', 'scenario.json'), 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
};

let app: ConsoleProcess;

beforeAll(async () => {
  app = await startConsole({
    ALERTS_WEBHOOK_TOKEN: TOKEN,
    SPARKWATCH_SECRET: SECRET,
    // Notifications that get through go to an index of this run's own (none should).
    ES_CONSOLE_INDEX_PREFIX: `sparkwatch-test-edge-${process.pid}`,
  });
}, 900_000);
afterAll(async () => {
  await app?.stop();
});

/**
 * POSTs `total` bytes in 64 KiB chunks without a Content-Length, as a sender that streams does,
 * and stops sending once the answer arrives (as curl does): the console closes the connection
 * after its 413, and writing on would only earn a reset.
 */
function postStreaming(url: string, total: number, headers: Record<string, string>) {
  return new Promise<{ status: number; sentMiB: number }>((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let status = 0;
    const req = request(url, { method: 'POST', headers });
    const answered = new Promise<void>((done) =>
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        done();
      }),
    );
    const finish = () => resolve({ status, sentMiB: sent / 2 ** 20 });
    req.on('error', (error) => (status ? finish() : reject(error)));
    void (async () => {
      while (sent < total && !status && !req.destroyed) {
        sent += chunk.length;
        const flushed = req.write(chunk);
        // One chunk at a time, giving the answer a chance to arrive in between.
        await Promise.race([
          answered,
          new Promise((next) => (flushed ? setImmediate(next) : req.once('drain', next))),
        ]);
      }
      if (!status && !req.destroyed) req.end();
      await answered;
      req.destroy();
      finish();
    })();
  });
}

const json = { 'content-type': 'application/json' };
const bearer = { ...json, authorization: `Bearer ${TOKEN}` };

describe('the webhook on a real console process', () => {
  it('answers 401 without its token or with a wrong one', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${app.base}/api/alerts/webhook`, { method: 'POST', headers, body: '{}' });
    expect((await post(json)).status).toBe(401);
    expect((await post({ ...json, authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post({ ...json, authorization: 'Bearer short' })).status).toBe(401);
    expect((await post(bearer)).status).toBe(400); // through: an empty object is not a payload
  });

  it('refuses a 50 MB body with 413 while the console’s memory grows by less than 10 MB', async () => {
    const url = `${app.base}/api/alerts/webhook`;
    // The first big posts grow the process to its working size: 50 MB of dropped chunks are
    // garbage that the collector frees some time later, and the allocator keeps the pages for
    // reuse. The next post shows what one costs once warm; a console that held the body would
    // grow by 50 MB on each.
    const first = app.rssMiB();
    for (let i = 0; i < 2; i += 1)
      expect((await postStreaming(url, 50 * 2 ** 20, bearer)).status).toBe(413);
    const before = app.rssMiB();
    const sampler = sampleRss(app.pid);
    const answer = await postStreaming(url, 50 * 2 ** 20, bearer);
    const peak = sampler.stop();
    console.log(
      `webhook 50 MB posts: two to warm up ${first.toFixed(1)} → ${before.toFixed(1)} MiB; the third HTTP ${answer.status} after ${answer.sentMiB.toFixed(1)} MiB sent, console RSS ${before.toFixed(1)} → peak ${peak.toFixed(1)} MiB (+${(peak - before).toFixed(1)} MiB)`,
    );
    expect(answer.status).toBe(413);
    expect(peak - before).toBeLessThan(10);
  });
});

describe('concurrency limits on a real console process', () => {
  it('answers 200 simultaneous timeline requests with 429s while its memory stays bounded', async () => {
    const url = `${app.base}/api/apps/${sc.streaming.appId}/timeline?from=${sc.window.from}&to=${sc.window.to}&width=600&appName=${sc.streaming.appName}`;
    expect((await fetch(url, signedIn)).status).toBe(200); // warm up
    const before = app.rssMiB();
    const sampler = sampleRss(app.pid);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const response = await fetch(url, signedIn);
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      }),
    );
    const tookMs = performance.now() - started;
    const peak = sampler.stop();
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    console.log(
      `200 concurrent timelines in ${tookMs.toFixed(0)} ms: ${count(200)} × 200, ${count(429)} × 429, others ${200 - count(200) - count(429)}; console RSS ${before.toFixed(1)} → peak ${peak.toFixed(1)} MiB (+${(peak - before).toFixed(1)} MiB)`,
    );
    expect(count(429)).toBeGreaterThan(0);
    expect(count(200)).toBeGreaterThan(0);
    expect(count(200) + count(429)).toBe(200);
    expect(answers.filter((a) => a.status === 429).every((a) => a.retryAfter === '2')).toBe(true);
    expect(peak - before).toBeLessThan(MEMORY_BOUND_MIB);
  });
});

// What 8 timelines in flight (4 running, 4 queued: one caller's share) may cost at most, with
// a wide margin; without limits, 200 timelines at once each hold their backends' answers.
const MEMORY_BOUND_MIB = 100;

describe('security headers on a real console process', () => {
  const fixed = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    return csp;
  };

  it('gives a page a script policy with a fresh nonce that its scripts, the theme script too, carry', async () => {
    const pages = await Promise.all([fetch(`${app.base}/status`), fetch(`${app.base}/status`)]);
    const nonces = await Promise.all(
      pages.map(async (page) => {
        expect(page.status).toBe(200);
        const csp = fixed(page);
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
        expect(nonce, csp).toBeDefined();
        expect(csp).toContain("'strict-dynamic'");
        expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
        const html = await page.text();
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length).toBeGreaterThan(1);
        for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
        expect(html).toContain(`<script nonce="${nonce}">(function(){try{var t=localStorage`);
        return nonce;
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('puts the same headers on API answers, with a request id', async () => {
    const response = await fetch(`${app.base}/api/health`);
    fixed(response);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    const webhook = await fetch(`${app.base}/api/alerts/webhook`, {
      method: 'POST',
      headers: json,
    });
    expect(webhook.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends HSTS only when the browser came over https', async () => {
    const plain = await fetch(`${app.base}/status`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const proxied = await fetch(`${app.base}/status`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(proxied.headers.get('strict-transport-security')).toMatch(
      /^max-age=\d{8,}; includeSubDomains$/,
    );
    const api = await fetch(`${app.base}/api/health`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(api.headers.get('strict-transport-security')).toMatch(/^max-age=/);
  });
});

describe('backend error text on a real console process', () => {
  /** A cursor as the console signs them (lib/signing.ts), holding what the test wants. */
  const cursor = (payload: unknown) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`log-cursor\n${body}`).digest('base64url');
    return `${body}.${mac}`;
  };

  it('refuses a forged cursor with 400 naming the parameter', async () => {
    const forged = Buffer.from(JSON.stringify({ after: [1] })).toString('base64url');
    const response = await fetch(`${app.base}/api/logs?cursor=${forged}.AAAA`, signedIn);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('cursor');
  });

  it('shows Elasticsearch’s refusal as the console’s message and a request id, its root cause only in the log', async () => {
    // A sort value Elasticsearch cannot read as a date: it refuses the search, quoting it.
    const marker = `not-a-date-${process.pid}`;
    const response = await fetch(
      `${app.base}/api/logs?from=${sc.window.from}&to=${sc.window.to}&cursor=${cursor({ after: [marker, null, null] })}`,
      signedIn,
    );
    const id = response.headers.get('x-request-id') ?? '';
    const text = await response.text();
    console.log(`logs with a bad sort value: HTTP ${response.status}, request ${id}: ${text}`);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(text).toContain(`elasticsearch rejected the log search (HTTP 400) (request id ${id}`);
    expect(text).not.toContain(marker);
    await expect.poll(() => app.output(), { timeout: 5000 }).toContain(`[request ${id}]`);
    const logged = app
      .output()
      .split('\n')
      .filter((line) => line.includes(`[request ${id}]`));
    expect(logged.join('\n')).toContain(marker);
  });
});
