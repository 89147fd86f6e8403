import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['fastify', 'graphql*', 'better-sqlite3', '@eventstore/*', 'pino', 'node:fs', 'jose'] }],
    },
  },
  {
    // The web service's own browser script (progressive enhancement only).
    files: ['services/web/src/assets/**/*.js'],
    languageOptions: { globals: { document: 'readonly', HTMLScriptElement: 'readonly', window: 'readonly' } },
  },
);
