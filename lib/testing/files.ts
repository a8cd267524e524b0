import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file called `name` under `dir` (skipping directories called one of `skip`). */
export function filesNamed(dir: string, name: string, skip: string[] = []): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory())
      return skip.includes(entry) ? [] : filesNamed(full, name, skip);
    return entry === name ? [full] : [];
  });
}
