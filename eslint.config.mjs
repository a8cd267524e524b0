import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Imports flow one way: app → lib/correlate → lib/sources → lib/http. These bans keep it so.
const banned = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group,
        message: 'Crosses a layer boundary (see house style).',
      })),
    },
  ],
});

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
    files: ['components/**'],
    rules: banned([['@/lib/sources/*', '@/lib/http/*', '@/lib/config', '@/lib/correlate/*']]),
  },
  {
    files: ['lib/http/**'],
    rules: banned([['@/lib/sources/*', '@/lib/correlate/*', '@/app/*', '@/components/*']]),
  },
  {
    files: ['lib/sources/**'],
    rules: banned([['@/lib/correlate/*', '@/app/*', '@/components/*']]),
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
