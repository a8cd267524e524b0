import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Vitest's order, but the real Spark run first: later integration tests (the Grafana dashboards'
 * queries on a real run) check what it left in the stack.
 */
class RealRunFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => f.moduleId.endsWith('scripts/spark-demo.int.test.ts');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

// Unit tests run anywhere; integration tests (`*.int.test.ts`) expect the local stack to be up
// and seeded, which `npm test` (scripts/test.sh) arranges before running them.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // Tests run server modules outside React's server graph; this is the marker's own no-op.
      'server-only': path.resolve(__dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    sequence: { sequencer: RealRunFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,components,app,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.{ts,tsx}', '**/*.deploy.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{lib,app,scripts}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Real validators run on the shipped deploy files (scripts/deploy/validate.sh installs them).
          name: 'deploy',
          include: ['scripts/deploy/**/*.deploy.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
    ],
  },
});
