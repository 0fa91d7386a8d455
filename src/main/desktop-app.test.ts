import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.ts';
import { DESKTOP_CHANNELS } from '../shared/ipc/desktop-bridge.ts';
import * as electron from './electron-fake.test-helper.ts';
import { EngineAudit } from '../host/engine-audit.ts';
import { Supervisor } from '../host/supervisor.ts';
import { startDesktopApp, type DesktopApp } from './desktop-app.ts';
import { rendererUrl } from './window.ts';

vi.mock('electron', () => import('./electron-fake.test-helper.ts'));

const { app, called, calls, utilityProcess } = electron;
const root = mkdtempSync(join(tmpdir(), 'quorum-main-'));
const profile = join(root, 'profile');
let desktop: DesktopApp;

async function until(what: string, condition: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const children = (name: string) => utilityProcess.children.filter((c) => c.name === name);
const latest = (name: string) => children(name).at(-1)!;
const messages = (name: string, t: string) =>
  latest(name).received.filter((m) => (m as { t: string }).t === t) as Record<string, unknown>[];
const window = () => electron.BrowserWindow.all[0]!;
const appFrame = { parent: null, url: rendererUrl() };
const menuItem = (label: string) => {
  const items = (electron.Menu.template ?? []).flatMap(
    (m) => ((m as { submenu?: unknown[] }).submenu ?? []) as { label?: string; click?: () => void }[],
  );
  const item = items.find((i) => i.label === label);
  if (!item?.click) throw new Error(`no menu item ${label}`);
  return item.click;
};
const lastMessageBox = () =>
  called('dialog.showMessageBox').at(-1)?.args[0] as { type: string; message: string; detail: string } | undefined;

beforeAll(async () => {
  app.paths.set('userData', join(root, 'user-data'));
  app.paths.set('documents', join(root, 'documents'));
  const started = startDesktopApp(['/opt/Quorum/quorum', '--data', profile], {});
  expect(started).not.toBeNull();
  desktop = started!;
  app.becomeReady();
  await desktop.ready;
  await until('both processes run', () => desktop.engine.status().state === 'running' && desktop.inference.status().state === 'running');
});

afterAll(() => {
  // The last test quits the app (which stops both supervisors); a failure before it leaves fakes only.
  app.emit('before-quit', { preventDefault: vi.fn() });
  rmSync(root, { recursive: true, force: true });
});

describe('the desktop main process, against a recording fake of electron', () => {
  it('takes one instance lock per profile, in Chromium folder inside the profile; a second launch focuses the first', () => {
    const setPath = calls.findIndex((c) => c.api === 'app.setPath');
    const lock = calls.findIndex((c) => c.api === 'app.requestSingleInstanceLock');
    expect(calls[setPath]!.args).toEqual(['userData', join(profile, 'desktop')]);
    expect(setPath).toBeLessThan(lock);
    expect(calls[lock]!.args).toEqual([{ dataDir: profile }]);
    expect(desktop.dataDir).toBe(profile);

    window().minimized = true;
    app.emit('second-instance', {}, [], '/', { dataDir: profile });
    expect(called('window.restore')).toHaveLength(1);
    expect(called('window.focus')).toHaveLength(1);

    app.lockGranted = false;
    const quitsBefore = called('app.quit').length;
    expect(startDesktopApp(['quorum', `--data=${profile}`], {})).toBeNull();
    expect(called('app.quit')).toHaveLength(quitsBefore + 1);
    app.lockGranted = true;
  });

  it('opens one hardened window: context isolation, sandbox, no Node integration, the preload, the built renderer', () => {
    expect(electron.BrowserWindow.all).toHaveLength(1);
    const prefs = window().options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
    expect(window().url).toBe(rendererUrl());
    window().emit('ready-to-show');
    expect(called('window.show')).toHaveLength(1);
  });

  it('puts the CSP on every response and grants no permission but desktop notifications', () => {
    const { headersHandler, permissionRequestHandler, permissionCheckHandler } = electron.session.defaultSession;
    const answer = vi.fn();
    headersHandler!({ responseHeaders: { 'Content-Type': ['text/html'] } }, answer);
    expect(answer).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    for (const [permission, granted] of [
      ['notifications', true],
      ['media', false],
      ['geolocation', false],
      ['clipboard-read', false],
      ['openExternal', false],
    ] as const) {
      const cb = vi.fn();
      permissionRequestHandler!({}, permission, cb);
      expect(cb, permission).toHaveBeenCalledWith(granted);
      expect(permissionCheckHandler!({}, permission), permission).toBe(granted);
    }
  });

  it('denies navigation away from the app, redirects, new windows and webviews', () => {
    const contents = window().webContents;
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      contents.emit(event, away, 'https://evil.example/');
      expect(away.preventDefault, event).toHaveBeenCalled();
      const inside = { preventDefault: vi.fn() };
      contents.emit(event, inside, rendererUrl());
      expect(inside.preventDefault, event).not.toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('answers IPC only from the app page itself: not from another origin, nor from a frame inside it', async () => {
    const killSwitch = electron.ipcMain.handlers.get(DESKTOP_CHANNELS.killSwitch)!;
    for (const senderFrame of [{ parent: null, url: 'https://evil.example/' }, { parent: appFrame, url: rendererUrl() }, null])
      expect(() => killSwitch({ senderFrame }, false)).toThrow('refused: not the app window');
    expect(messages('engine', 'halt')).toHaveLength(0);

    const portRequest = electron.ipcMain.listeners.get(DESKTOP_CHANNELS.enginePortRequest)!;
    const sender = { send: vi.fn() };
    portRequest({ senderFrame: { parent: null, url: 'https://evil.example/' }, sender });
    expect(sender.send).not.toHaveBeenCalled();
    const attachesBefore = messages('engine', 'attach').length;
    portRequest({ senderFrame: appFrame, sender });
    expect(messages('engine', 'attach').slice(attachesBefore)).toEqual([expect.objectContaining({ role: 'renderer', relayed: false })]);
    expect(
      window()
        .webContents.sent.filter((s) => s.channel === DESKTOP_CHANNELS.enginePort)
        .at(-1)!.args[1],
    ).toHaveLength(1);
    expect(sender.send).toHaveBeenCalledWith(DESKTOP_CHANNELS.hostStatus, expect.objectContaining({ host: 'electron' }));

    const outcome = (await killSwitch({ senderFrame: appFrame }, true)) as { outcome: string };
    expect(outcome.outcome).toBe('acknowledged');
    expect(messages('engine', 'halt').at(-1)).toMatchObject({ reason: 'kill switch pressed by the trader', flatten: true });
  });

  it('registers the global kill-switch shortcut, which halts without the window', async () => {
    const shortcut = electron.globalShortcut.registered.get('CommandOrControl+Shift+H')!;
    const before = messages('engine', 'halt').length;
    shortcut();
    await until('the engine is told to halt', () => messages('engine', 'halt').length > before);
    expect(messages('engine', 'halt').at(-1)).toMatchObject({ reason: 'global kill-switch shortcut', flatten: false });
  });

  it('tells the trader when the kill switch itself fails, and does not crash main', async () => {
    // The halt request cannot be written: its temporary file's name is taken by a folder.
    const blocker = join(profile, `halt-request.json.${process.pid}.tmp`);
    mkdirSync(blocker);
    try {
      electron.globalShortcut.registered.get('CommandOrControl+Shift+H')!();
      await until('the failure is shown', () => called('dialog.showErrorBox').length === 1);
      const [title, content] = called('dialog.showErrorBox')[0]!.args as [string, string];
      expect(title).toBe('The kill switch failed');
      expect(content).toMatch(/EISDIR[\s\S]*Use quorum halt from a terminal, or stop trading at the broker\./);
    } finally {
      rmSync(blocker, { recursive: true });
    }
  });

  it('starts engine and inference as utility processes with piped output, links them, and relinks after a crash', async () => {
    const [engineFork, inferenceFork] = called('utilityProcess.fork').map((c) => c.args as [string, string[], Record<string, unknown>]);
    expect(engineFork![0]).toMatch(/engine\.js$/);
    expect(engineFork![1]).toEqual(expect.arrayContaining(['--data', profile, '--version', '9.8.7']));
    expect(engineFork![2]).toEqual({ serviceName: 'Quorum engine', stdio: 'pipe' });
    expect(inferenceFork![2]).toEqual({ serviceName: 'Quorum inference', stdio: 'pipe' });
    expect(messages('engine', 'attach').some((m) => m['role'] === 'inference')).toBe(true);
    expect(messages('inference', 'attach')).toEqual([expect.objectContaining({ role: 'engine' })]);

    const portsBefore = window().webContents.sent.filter((s) => s.channel === DESKTOP_CHANNELS.enginePort).length;
    latest('engine').exit(1);
    await until('a new engine runs', () => children('engine').length === 2 && desktop.engine.status().state === 'running');
    // The next engine is told it follows a crash, and gets fresh ports to inference and to the window.
    expect(latest('engine').args).toEqual(expect.arrayContaining(['--restarted-after']));
    await until('the new engine is linked', () => messages('engine', 'attach').length === 2);
    expect(
      messages('engine', 'attach')
        .map((m) => m['role'])
        .sort(),
    ).toEqual(['inference', 'renderer']);
    expect(messages('inference', 'attach')).toHaveLength(2);
    expect(window().webContents.sent.filter((s) => s.channel === DESKTOP_CHANNELS.enginePort).length).toBe(portsBefore + 1);
  });

  it('has a menu with the standard roles and its own items: data and log folders, the audit log, the kill switch', async () => {
    const roles = (electron.Menu.template as { role?: string }[]).map((m) => m.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'viewMenu', 'windowMenu', 'help']));

    menuItem('Open Data Folder')();
    menuItem('Open Log Folder')();
    await until('both folders are opened', () => called('shell.openPath').length === 2);
    expect(called('shell.openPath').map((c) => c.args[0])).toEqual([profile, join(profile, 'logs')]);
    electron.shell.openPathError = 'Failed to open path';
    menuItem('Open Data Folder')();
    await until('the failure is shown', () => lastMessageBox()?.message === 'Cannot open the data folder');
    expect(lastMessageBox()).toMatchObject({ type: 'error', detail: `${profile}: Failed to open path` });
    electron.shell.openPathError = '';

    menuItem('Verify Audit Log')();
    await until('the answer is shown', () => lastMessageBox()?.message === 'Verify audit log');
    expect(messages('engine', 'audit').at(-1)).toMatchObject({ request: { op: 'verify' } });
    expect(lastMessageBox()).toMatchObject({ type: 'info', detail: 'the engine did {"op":"verify"}' });

    electron.dialog.savePath = join(root, 'audit.csv');
    menuItem('Export Audit Log…')();
    await until('the export is asked for', () => messages('engine', 'audit').length === 2);
    expect(messages('engine', 'audit').at(-1)).toMatchObject({ request: { op: 'export', format: 'csv', path: join(root, 'audit.csv') } });
    const save = called('dialog.showSaveDialog').at(-1)!.args[0] as { defaultPath: string };
    expect(save.defaultPath).toMatch(new RegExp(`^${join(root, 'documents')}/quorum-audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`));

    electron.dialog.savePath = null;
    const boxes = called('dialog.showMessageBox').length;
    menuItem('Export Audit Log…')();
    await new Promise((r) => setTimeout(r, 50));
    expect(messages('engine', 'audit')).toHaveLength(2);
    expect(called('dialog.showMessageBox')).toHaveLength(boxes);

    const halts = messages('engine', 'halt').length;
    menuItem('Halt Trading (Kill Switch)')();
    await until('the engine is told to halt', () => messages('engine', 'halt').length > halts);
    expect(messages('engine', 'halt').at(-1)).toMatchObject({ reason: 'kill switch from the menu' });
  });

  it('says so when the engine does not answer an audit request, or is not running', async () => {
    const original = utilityProcess.answer;
    utilityProcess.answer = (child, m) => (m.t === 'audit' ? undefined : original(child, m));
    try {
      expect(await new EngineAudit(desktop.engine).ask({ op: 'verify' }, 1_000)).toEqual({
        ok: false,
        text: 'The engine did not answer within 1 s; the audit log was not verified.',
      });
    } finally {
      utilityProcess.answer = original;
    }
    const neverStarted = new Supervisor({ name: 'engine', launch: () => latest('engine') as never });
    expect(await new EngineAudit(neverStarted).ask({ op: 'export', format: 'csv', path: join(root, 'x.csv') })).toEqual({
      ok: false,
      text: 'The engine is stopped, so the audit log cannot be read now. Try again once it runs, or use quorum audit from a terminal.',
    });
  });

  it('shows every version in About, and copies them on request', async () => {
    electron.dialog.response = 1;
    menuItem('About Quorum')();
    await until('the About box is shown', () => lastMessageBox()?.message === 'Quorum 9.8.7');
    const detail = lastMessageBox()!.detail.split('\n');
    expect(detail).toEqual([
      expect.stringMatching(/^Electron /),
      expect.stringMatching(/^Chromium /),
      `Node ${process.versions.node}`,
      'onnxruntime 1.23.0',
      'SQLite 3.50.0',
      'Order book: native (quorum_native 0.1.0)',
    ]);
    await until('the versions are copied', () => called('clipboard.writeText').length === 1);
    expect(called('clipboard.writeText')[0]!.args[0]).toBe(['Quorum 9.8.7', ...detail].join('\n'));
    electron.dialog.response = 0;
  });

  it("writes main's log and the processes' output, crash traces included, to a rolling file in the profile", async () => {
    const engine = latest('engine');
    engine.stderr.write(JSON.stringify({ level: 30, time: 1, name: 'engine', msg: 'engine started' }) + '\n');
    engine.stderr.write('Error: boom\n    at Kernel.step (kernel.ts:1:1)\n');
    const logDir = join(profile, 'logs');
    const text = () =>
      readdirSync(logDir)
        .map((f) => readFileSync(join(logDir, f), 'utf8'))
        .join('');
    await until('the lines reach the file', () => text().includes('Kernel.step'));
    expect(readdirSync(logDir)).toEqual(['quorum.1.log']);
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; msg: string; level: number });
    expect(lines[0]).toMatchObject({ name: 'main', msg: 'Quorum starting' });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'engine', msg: 'engine started' }),
        expect.objectContaining({ name: 'engine', msg: 'Error: boom', level: 40 }),
        expect.objectContaining({ name: 'engine', msg: '    at Kernel.step (kernel.ts:1:1)' }),
        expect.objectContaining({ name: 'main', msg: 'process state' }),
      ]),
    );
  });

  it('remembers where the window was', () => {
    window().moveTo({ x: 300, y: 200, width: 1280, height: 820 });
    expect(JSON.parse(readFileSync(join(profile, 'window-state.json'), 'utf8'))).toEqual({
      x: 300,
      y: 200,
      width: 1280,
      height: 820,
      maximized: false,
    });
    window().maximize();
    expect(JSON.parse(readFileSync(join(profile, 'window-state.json'), 'utf8'))).toMatchObject({ width: 1280, maximized: true });
  });

  it('stops both processes before quitting, and lets go of the shortcut', async () => {
    const event = { preventDefault: vi.fn() };
    const quits = called('app.quit').length;
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await until('main quits', () => called('app.quit').length > quits);
    expect(messages('engine', 'shutdown')).toHaveLength(1);
    expect(messages('inference', 'shutdown')).toHaveLength(1);
    app.emit('will-quit');
    expect(called('globalShortcut.unregisterAll')).toHaveLength(1);
  });
});
