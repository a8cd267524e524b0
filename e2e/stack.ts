import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type Backend = 'prometheus' | 'alertmanager' | 'elasticsearch' | 'jaeger';

/** Kills a backend the way a crash would (SIGKILL of the process the stack script started). */
export function killBackend(name: Backend): void {
  const pid = Number(readFileSync(`.stack/run/${name}.pid`, 'utf8').trim());
  process.kill(pid, 'SIGKILL');
}

/** Brings a backend back with the project's own stack script (idempotent for the others). */
export function startBackend(name: Backend): void {
  execFileSync('bash', ['scripts/stack.sh', 'up', name], { stdio: 'inherit', timeout: 300_000 });
}
