import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import quorum from './tools/eslint/layers-rule.js';

// Engine and agent code takes time from Clock and randomness from SeededRandom (DESIGN.md §3).
const determinism = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'engine code reads time from the injected Clock' },
    { object: 'Math', property: 'random', message: 'engine code takes randomness from a SeededRandom' },
    { object: 'performance', property: 'now', message: 'engine code measures time with Clock.monotonic()' },
  ],
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval'].map((name) => ({
      name,
      message: 'engine code schedules work on the injected Clock',
    })),
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'engine code reads time from the injected Clock' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'artifacts/**', 'src/native/crate/target/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // dependency-cruiser reads a CommonJS config.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    plugins: { quorum },
    rules: {
      'quorum/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/agents/**/*.ts'],
    // The clocks are where time comes from; entry points and workers are process glue.
    ignores: ['src/agents/engine/live-clock.ts', 'src/agents/engine/entry/**', 'src/agents/**/*.worker.ts', 'src/agents/**/*.test.ts'],
    rules: determinism,
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'tools/**/*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
