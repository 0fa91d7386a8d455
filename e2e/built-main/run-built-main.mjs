// Runs the built Electron main (out/main/index.js) under Node with `electron` replaced by the
// recording fake: the bundle must load, open its log, start both processes, build the menu and the
// window, and quit cleanly. Prints what main did as one JSON line. Usage: run-built-main.mjs DIR
import { register } from 'node:module';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { URL, pathToFileURL } from 'node:url';

const [dir] = process.argv.slice(2);
const fakeUrl = new URL('../../src/main/electron-fake.test-helper.ts', import.meta.url).href;
register('./electron-hooks.mjs', import.meta.url, { data: { fake: fakeUrl } });
const fake = await import(fakeUrl);
fake.app.paths.set('userData', join(dir, 'user-data'));
fake.app.paths.set('documents', join(dir, 'documents'));
process.argv = [process.argv[0], 'quorum', '--data', join(dir, 'profile')];
await import(pathToFileURL(join(process.cwd(), 'out/main/index.js')).href);
fake.app.becomeReady();

const deadline = Date.now() + 10_000;
while (fake.BrowserWindow.all.length === 0 || fake.utilityProcess.children.length < 2) {
  if (Date.now() > deadline) throw new Error('the built main did not open its window and start both processes within 10 s');
  await sleep(20);
}
fake.app.emit('before-quit', { preventDefault() {} });
while (fake.called('app.quit').length === 0) await sleep(20);
process.stdout.write(
  JSON.stringify({
    forks: fake.called('utilityProcess.fork').map((c) => c.args[0]),
    menu: fake.Menu.template.map((m) => m.label ?? m.role),
    shortcuts: fake.called('globalShortcut.register').map((c) => c.args[0]),
    window: fake.BrowserWindow.all[0].options.webPreferences,
  }) + '\n',
);
process.exit(0);
