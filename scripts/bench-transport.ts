/**
 * `npm run bench:transport`: the console's HTTP transport (lib/http/upstream.ts, node:http with
 * kept-alive agents) against undici's `request()` with a kept-alive Agent, on the calls a timeline
 * makes over HTTP — the preset's Prometheus range queries, Alertmanager's alerts, and Jaeger's
 * `/api/traces` search (the HTTP fallback's biggest answer) — in parallel per round, as the console
 * sends them. Prints the client CPU per round of each (process.cpuUsage: what the console process
 * pays) and the wall time, interleaved so neither always meets busy backends. Needs the seeded stack.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as undiciRequest } from 'undici';
import { PRESET } from '@/lib/correlate/mapping';
import { upstreamFetch } from '@/lib/http/upstream';
import { renderTemplate, stepFor } from '@/lib/sources/prometheus/promql';
import { msToMicros, msToPromSeconds } from '@/lib/sources/units';
import { describe } from './lib/bench';

const ROUNDS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 30;
const env = (name: string, fallback: string) => (process.env[name] ?? fallback).replace(/\/+$/, '');
const PROM = env('PROMETHEUS_URL', 'http://127.0.0.1:9090');
const AM = env('ALERTMANAGER_URL', 'http://127.0.0.1:9093');
const JAEGER = env('JAEGER_URL', 'http://127.0.0.1:16686');
const MAX = 32 * 1024 * 1024;

const sc = JSON.parse(readFileSync('.stack/seed/scenario.json', 'utf8')) as {
  window: { from: number; to: number };
  streaming: { appId: string; appName: string };
};
const { from, to } = sc.window;
const step = stepFor(from, to, 600);

const small = [
  ...(PRESET.prometheus.signals ?? []).map(
    (s) =>
      `${PROM}/api/v1/query_range?${new URLSearchParams({
        query: renderTemplate(s.template, s.metric, { app_id: sc.streaming.appId }),
        start: msToPromSeconds(from),
        end: msToPromSeconds(to),
        step: String(step),
      })}`,
  ),
  `${AM}/api/v2/alerts?${new URLSearchParams([['filter', `app_id="${sc.streaming.appId}"`]])}`,
];
const large = [
  `${JAEGER}/api/traces?${new URLSearchParams({
    service: sc.streaming.appName,
    tags: JSON.stringify({ 'spark.app.id': sc.streaming.appId }),
    start: msToMicros(from, 'floor'),
    end: msToMicros(to, 'ceil'),
    limit: '1500',
  })}`,
];

const viaNodeHttp = (url: string) =>
  upstreamFetch({ source: 'bench', url, timeoutMs: 10_000, maxBytes: MAX }).then((r) => r.text);

// The same contract as upstreamFetch's read: a deadline, a size cap, the body as text.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
async function viaUndici(url: string): Promise<string> {
  const { body } = await undiciRequest(url, {
    dispatcher: agent,
    headers: { accept: 'application/json', 'accept-encoding': 'identity' },
    signal: AbortSignal.timeout(10_000),
  });
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > MAX) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

type Transport = (url: string) => Promise<string>;

async function round(
  urls: string[],
  transport: Transport,
): Promise<{ cpu: number; wall: number; bytes: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const texts = await Promise.all(urls.map(transport));
  const used = process.cpuUsage(cpu);
  return {
    cpu: (used.user + used.system) / 1000,
    wall: performance.now() - started,
    bytes: texts.reduce((n, t) => n + t.length, 0),
  };
}

async function compare(title: string, urls: string[]): Promise<void> {
  const samples = {
    node: { cpu: [] as number[], wall: [] as number[] },
    undici: { cpu: [] as number[], wall: [] as number[] },
  };
  let bytes = 0;
  for (let i = 0; i < WARMUP + ROUNDS; i += 1) {
    const order: [keyof typeof samples, Transport][] =
      i % 2
        ? [
            ['node', viaNodeHttp],
            ['undici', viaUndici],
          ]
        : [
            ['undici', viaUndici],
            ['node', viaNodeHttp],
          ];
    for (const [name, transport] of order) {
      const r = await round(urls, transport);
      bytes = r.bytes;
      if (i >= WARMUP) {
        samples[name].cpu.push(r.cpu);
        samples[name].wall.push(r.wall);
      }
    }
  }
  console.log(
    `${urls.length} calls a round (${(bytes / 1024).toFixed(0)} KiB), ${ROUNDS} rounds after ${WARMUP} warm-up`,
  );
  console.log(
    `node:http  client CPU ${describe('ms', samples.node.cpu)} · wall ${describe('ms', samples.node.wall)}`,
  );
  console.log(
    `undici     client CPU ${describe('ms', samples.undici.cpu)} · wall ${describe('ms', samples.undici.wall)}`,
  );
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  console.log(
    `undici / node:http client CPU (median): ${(median(samples.undici.cpu) / median(samples.node.cpu)).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  await compare('Prometheus range queries + Alertmanager (small answers)', small);
  await compare('Jaeger /api/traces search of the incident window (one large answer)', large);
  await agent.close();
}

void main();
