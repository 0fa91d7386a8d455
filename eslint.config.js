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

// SQL lives in src/agents/store only (issue 16): named store methods everywhere else.
const SQL_WORDS = '^\\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|BEGIN|COMMIT|ROLLBACK|PRAGMA)\\b';
const noSqlOutsideStore = [
  { selector: `Literal[value=/${SQL_WORDS}/i]`, message: 'SQL belongs in src/agents/store: add a named store method' },
  { selector: `TemplateElement[value.raw=/${SQL_WORDS}/i]`, message: 'SQL belongs in src/agents/store: add a named store method' },
  {
    selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
    message: 'SQL belongs in src/agents/store: add a named store method',
  },
];

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
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/agents/store/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noSqlOutsideStore] },
  },
  {
    files: ['src/agents/**/*.ts'],
    // The clocks are where time comes from; the engine's entry points and workers are process glue.
    ignores: [
      'src/agents/engine/live-clock.ts',
      'src/agents/engine/entry/**',
      'src/agents/**/*.worker.ts',
      'src/agents/**/*.test.ts',
      'src/agents/store/**',
    ],
    // no-restricted-syntax is one list per file: the SQL rule is repeated beside the clock rule.
    rules: { ...determinism, 'no-restricted-syntax': [...determinism['no-restricted-syntax'], ...noSqlOutsideStore] },
  },
  {
    files: ['src/agents/store/**/*.ts'],
    ignores: ['src/agents/store/**/*.test.ts'],
    rules: determinism,
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'tools/**/*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
