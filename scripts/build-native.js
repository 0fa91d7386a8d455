// Builds the Rust order book (src/native/crate) and copies it to src/native/build/quorum_native.node.
// Without cargo it says so and exits 0: the app then runs on the TypeScript book. With
// --required (CI) a missing cargo or a failed build is an error.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const required = process.argv.includes('--required');
const crate = 'src/native/crate';
const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
if (cargo.status !== 0) {
  console.log('cargo not found: skipping the native order book (the TypeScript book will be used).');
  process.exit(required ? 1 : 0);
}
const build = spawnSync('cargo', ['build', '--release', '--manifest-path', join(crate, 'Cargo.toml')], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('the native order book failed to build');
  process.exit(required ? 1 : 0);
}
const name = { linux: 'libquorum_native.so', darwin: 'libquorum_native.dylib', win32: 'quorum_native.dll' }[process.platform];
const built = join(crate, 'target', 'release', name);
if (!existsSync(built)) {
  console.error(`expected ${built} after the build`);
  process.exit(1);
}
mkdirSync('src/native/build', { recursive: true });
copyFileSync(built, 'src/native/build/quorum_native.node');
console.log(`native order book: ${built} → src/native/build/quorum_native.node`);
