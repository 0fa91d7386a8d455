// `npm test`: type check, lint, unit tests, the electron-vite build, then the end-to-end tests
// against the built UI. Every step runs even after a failure, so one run shows everything that is
// wrong. Ends with the line `N passed, N failed` (vitest tests plus one check per other step).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const NODE = process.execPath;
mkdirSync('artifacts', { recursive: true });

const steps = [
  // In CI the native book must build (both implementations are tested); elsewhere cargo is optional.
  { name: 'native build', cmd: [NODE, 'scripts/build-native.js', ...(process.env.CI ? ['--required'] : [])] },
  { name: 'typecheck', cmd: [NODE, 'scripts/typecheck.js'] },
  { name: 'lint', cmd: [NODE, 'node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'] },
  { name: 'format check', cmd: [NODE, 'node_modules/prettier/bin/prettier.cjs', '--check', '.'] },
  // No import cycle anywhere in src (issue 16); tools/imports/no-cycles.test.ts shows it failing on a planted one.
  {
    name: 'import cycles',
    cmd: [NODE, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', 'src', '--config', '.dependency-cruiser.cjs'],
  },
  { name: 'unit tests', vitest: 'unit' },
  { name: 'component tests', vitest: 'components' },
  { name: 'electron-vite build', cmd: [NODE, 'node_modules/electron-vite/bin/electron-vite.js', 'build'] },
  { name: 'end-to-end tests', vitest: 'e2e', needs: 'electron-vite build' },
];

let passed = 0;
let failed = 0;
const results = new Map();
const lines = [];

for (const step of steps) {
  if (step.needs && !results.get(step.needs)) {
    results.set(step.name, false);
    failed++;
    lines.push(`FAIL ${step.name}: skipped because ${step.needs} failed`);
    continue;
  }
  console.log(`\n── ${step.name} ──`);
  const started = Date.now();
  if (step.vitest) {
    const report = `artifacts/vitest-${step.vitest}.json`;
    const run = spawnSync(
      NODE,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--project',
        step.vitest,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      { stdio: 'inherit' },
    );
    const counts = readCounts(report);
    passed += counts.passed;
    failed += counts.failed;
    // A crashed runner that reported nothing still counts as a failure.
    const ok = run.status === 0 && counts.failed === 0 && counts.passed > 0;
    if (!ok && counts.failed === 0) failed++;
    results.set(step.name, ok);
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}: ${counts.passed} passed, ${counts.failed} failed (${seconds(started)})`);
  } else {
    const run = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
    const ok = run.status === 0;
    if (ok) passed++;
    else failed++;
    results.set(step.name, ok);
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name} (${seconds(started)})`);
  }
}

const summary = `${passed} passed, ${failed} failed`;
console.log(`\n── summary ──\n${lines.join('\n')}\n${summary}`);
writeFileSync('artifacts/test-summary.txt', summary + '\n');
process.exit(failed ? 1 : 0);

function readCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + (json.numTotalTestSuites && json.success === false && !json.numFailedTests ? 1 : 0),
  };
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
