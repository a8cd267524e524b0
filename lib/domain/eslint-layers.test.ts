import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of eslint.config.mjs, run on code that breaks them: a rule that stopped biting
// would let the architecture erode one import at a time.
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

// The first lint loads every plugin of the config: seconds on a busy machine.
describe('layer boundaries (eslint.config.mjs)', { timeout: 60_000 }, () => {
  it.each([
    ['app/api/example/route.ts', "import { searchLogs } from '@/lib/sources/elasticsearch/logs';"],
    ['app/example/page.tsx', "import { request } from '@/lib/http/upstream';"],
    ['components/example.tsx', "import { fanOut } from '@/lib/correlate/fan-out';"],
    ['lib/sources/example.ts', "import { route } from '@/lib/api/route';"],
    ['lib/sources/example.ts', "import { fanOut } from '@/lib/correlate/fan-out';"],
    ['lib/http/example.ts', "import { listAlerts } from '@/lib/sources/alertmanager/alerts';"],
    ['lib/domain/example.ts', "import { getConfig } from '@/lib/config';"],
  ])('refuses in %s: %s', async (filePath, line) => {
    const errors = await layerErrors(
      filePath,
      `${line}\nexport const used = [${line.split(' ')[2]}];\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Crosses a layer boundary/);
  });

  it.each([
    ['app/api/example/route.ts', "import { findLogs } from '@/lib/correlate/logs';"],
    ['lib/sources/example.ts', "import { patterns } from '@/lib/domain/ids';"],
    ['app/api/example.test.ts', "import { replayBackends } from '@/lib/http/replay';"],
  ])('allows in %s: %s', async (filePath, line) => {
    const errors = await layerErrors(
      filePath,
      `${line}\nexport const used = [${line.split(' ')[2]}];\n`,
    );
    expect(errors).toEqual([]);
  });
});
