/**
 * Where the deploy validators live: installed by scripts/deploy/install-*.sh into the cache
 * (`$SPARKWATCH_CACHE`, default ~/.cache/sparkwatch), never into the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

export function cacheDir(): string {
  return (
    process.env.SPARKWATCH_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'sparkwatch')
  );
}

/** The deploy tools' own folder in the cache. */
export function toolsDir(...parts: string[]): string {
  return path.join(cacheDir(), 'deploy-tools', ...parts);
}

/** Path of an installed validator binary; throws a message that says how to install it. */
export function tool(name: string): string {
  const file = toolsDir('bin', name);
  if (!existsSync(file)) {
    throw new Error(
      `${name} is not installed: run bash scripts/deploy/validate.sh (it installs it)`,
    );
  }
  return file;
}

/** A command run from the repository root with a bare environment plus `env`; output merged. */
export function runScript(cmd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(cmd, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}
