import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Imports flow one way: app → lib/correlate → lib/sources → lib/http, with lib/domain (shared
// types) open to every layer. These bans keep it so; lib/domain/eslint-layers.test.ts proves they bite.
const banned = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group,
        message:
          'Crosses a layer boundary: app → lib/correlate → lib/sources → lib/http (README, "Architecture").',
      })),
    },
  ],
});
const tests = ['**/*.test.ts', '**/*.test.tsx'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Server pages render once per request: Date.now() there is the request's time, not a
    // re-render hazard.
    files: ['app/**/page.tsx'],
    rules: { 'react-hooks/purity': 'off' },
  },
  {
    // TanStack Virtual is known to the React Compiler lint as unmemoizable; the components using
    // it are not compiled with the React Compiler.
    files: ['components/**'],
    rules: { 'react-hooks/incompatible-library': 'off' },
  },
  {
    // Pages and routes reach the backends only through lib/correlate (tests may set up backends).
    files: ['app/**'],
    ignores: tests,
    rules: banned([['@/lib/sources/*', '@/lib/http/*']]),
  },
  {
    files: ['components/**'],
    rules: banned([['@/lib/sources/*', '@/lib/http/*', '@/lib/config', '@/lib/correlate/*']]),
  },
  {
    files: ['lib/domain/**'],
    rules: banned([
      [
        '@/lib/config',
        '@/lib/api/*',
        '@/lib/http/*',
        '@/lib/sources/*',
        '@/lib/correlate/*',
        '@/lib/queries/*',
        '@/lib/url/*',
        '@/app/*',
        '@/components/*',
      ],
    ]),
  },
  {
    files: ['lib/http/**'],
    rules: banned([['@/lib/sources/*', '@/lib/correlate/*', '@/app/*', '@/components/*']]),
  },
  {
    files: ['lib/sources/**'],
    rules: banned([['@/lib/correlate/*', '@/lib/api/*', '@/app/*', '@/components/*']]),
  },
  {
    files: ['lib/correlate/**'],
    rules: banned([['@/app/*', '@/components/*']]),
  },
  globalIgnores([
    '.next*/**',
    'node_modules/**',
    '.stack/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
