import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type Backend = 'prometheus' | 'alertmanager' | 'elasticsearch' | 'jaeger';

/** Where the stack under test keeps its files (SW_STACK_DIR for an instance of one's own). */
export const STACK_DIR = process.env.SW_STACK_DIR || '.stack';

/** Kills a backend the way a crash would (SIGKILL of the process the stack script started). */
export function killBackend(name: Backend): void {
  const pid = Number(readFileSync(`${STACK_DIR}/run/${name}.pid`, 'utf8').trim());
  process.kill(pid, 'SIGKILL');
}

/** Brings a backend back with the project's own stack script (idempotent for the others). */
export function startBackend(name: Backend): void {
  execFileSync('bash', ['scripts/stack.sh', 'up', name], { stdio: 'inherit', timeout: 300_000 });
}
