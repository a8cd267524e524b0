/**
 * The command-line side of the deploy generators (gen-k8s.ts, gen-grafana.ts): when run as a
 * script, write every rendered file under the repository root and say so.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './tools';

export function writeWhenRun(
  moduleFile: string,
  render: () => Promise<Record<string, string>>,
): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== moduleFile) return;
  render()
    .then((files) => {
      for (const [file, text] of Object.entries(files)) {
        writeFileSync(path.join(repoRoot, file), text);
        console.log(`wrote ${file}`);
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
