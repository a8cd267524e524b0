/**
 * A real console process for tests that measure what only a process shows (its memory, the
 * headers Next.js and proxy.ts add): the standalone production build (`npm test` builds it before
 * the integration tests; alone, the test builds it), started on a free port, with its resident
 * memory read from /proc.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { captureOutput, waitForHealth } from '@/scripts/lib/serve';
import { freePort } from './free-port';

const repoRoot = path.resolve(__dirname, '../..');

export interface ConsoleProcess {
  base: string;
  pid: number;
  /** Resident memory now, in MiB (VmRSS). */
  rssMiB: () => number;
  output: () => string;
  stop: () => Promise<void>;
}

export function rssMiBOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib) / 1024;
}

export async function startConsole(env: Record<string, string>): Promise<ConsoleProcess> {
  const distDir = process.env.NEXT_DIST_DIR ?? '.next';
  const server = path.join(repoRoot, distDir, 'standalone', 'server.js');
  if (!existsSync(server)) {
    const build = spawnSync('npx', ['next', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [server], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/api/health`, 90_000, child, output);
  return {
    base,
    pid: child.pid!,
    rssMiB: () => rssMiBOf(child.pid!),
    output,
    stop: async () => {
      if (child.exitCode != null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Samples a process's resident memory every `everyMs` until stopped; answers the peak. */
export function sampleRss(pid: number, everyMs = 10): { stop: () => number } {
  let peak = rssMiBOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiBOf(pid));
    } catch {
      // the process ended; the peak so far stands
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMiBOf(pid));
    },
  };
}
