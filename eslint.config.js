// Flat config: typescript-eslint's recommended rules for every TypeScript file we ship or test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'models/**', 'data/**', 'samples/**', 'coverage/**', 'test/fixtures/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only config code reads process.env; receive typed options instead.',
        },
      ],
    },
  },
  {
    files: ['src/app/load-config.ts', 'scripts/**', 'test/**', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
