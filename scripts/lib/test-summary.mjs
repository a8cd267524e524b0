// Adds up the JSON reports of Vitest and Playwright into one closing line:
// "Tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.stack/test-reports', failedStages = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const name of ['unit.json', 'deploy.json', 'integration.json']) {
  const file = join(dir, name);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
const e2e = join(dir, 'e2e.json');
if (existsSync(e2e)) {
  const { stats } = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
  skipped += stats?.skipped ?? 0;
}
// A stage that failed without failing a test (a check, a build, the seed) still fails the run.
const failures = failed > 0 ? failed : Number(failedStages);
console.log(`Tests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
