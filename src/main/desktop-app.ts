import { app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineAudit } from '../host/engine-audit.ts';
import { feedHostStatus } from '../host/host-status-feed.ts';
import { reportGiveUps } from '../host/give-up-report.ts';
import { HostKillSwitch } from '../host/kill-switch.ts';
import { Supervisor } from '../host/supervisor.ts';
import { DESKTOP_CHANNELS } from '../shared/ipc/desktop-bridge.ts';
import { aboutLines, type ProcessVersions } from './about.ts';
import { KILL_SWITCH_ACCELERATOR, menuTemplate } from './app-menu.ts';
import { openDesktopLog, type DesktopLog } from './desktop-log.ts';
import { desktopProfile } from './desktop-profile.ts';
import { EngineWiring } from './engine-wiring.ts';
import { menuActions } from './menu-actions.ts';
import { hardenSession, isTrustedSender } from './security.ts';
import { utilityLauncher } from './utility-launcher.ts';
import { createMainWindow, isAppUrl } from './window.ts';

/** What a running desktop app holds (tests look at it; nothing else does). */
export interface DesktopApp {
  readonly dataDir: string;
  readonly engine: Supervisor;
  readonly inference: Supervisor;
  /** Resolves once the app is ready: the log open, the processes started, the window made. */
  readonly ready: Promise<void>;
  window(): BrowserWindow | null;
}

/**
 * Electron main: the control plane only (DESIGN.md §1). One window, the engine and inference as
 * supervised utility processes, port wiring, the menu, the log file; no trading logic. Returns null
 * when another instance already has this profile open (it is focused instead).
 */
export function startDesktopApp(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): DesktopApp | null {
  const profile = desktopProfile(argv, env, app.getPath('userData'));
  // The instance lock lives in Chromium's folder: set per profile before the lock is asked for.
  if (profile.chromiumDir !== app.getPath('userData')) app.setPath('userData', profile.chromiumDir);
  if (!app.requestSingleInstanceLock({ dataDir: profile.dataDir })) {
    app.quit();
    return null;
  }
  const { dataDir } = profile;
  // The kill switch keeps its request in the profile before any engine has made the folder.
  mkdirSync(dataDir, { recursive: true });
  let desktopLog: DesktopLog | null = null;
  const output = (name: string, stream: NodeJS.ReadableStream | null) => desktopLog?.follow(name, stream);
  // Engine and inference are built by electron-vite as named inputs beside this file.
  const engine: Supervisor = new Supervisor(
    utilityLauncher(
      'engine',
      join(import.meta.dirname, 'engine.js'),
      () => ['--data', dataDir, '--version', app.getVersion(), ...killSwitch.launchArgs(), ...engine.restartArgs()],
      output,
    ),
  );
  const killSwitch = new HostKillSwitch(engine, { dataDir });
  const inference = new Supervisor(utilityLauncher('inference', join(import.meta.dirname, 'inference.js'), [], output));
  const wiring = new EngineWiring(engine, inference);
  const audit = new EngineAudit(engine);
  reportGiveUps(inference, engine);
  const versions: ProcessVersions = {};
  // What each process runs on (for About), and each change of its state in the log.
  for (const s of [engine, inference]) {
    s.onReady((_child, _generation, ready) => (versions[s.name] = ready.versions));
    s.onStatus((status) => desktopLog?.log.info({ process: status.name, state: status.state, lastExit: status.lastExit }, 'process state'));
  }
  let mainWindow: BrowserWindow | null = null;
  const halt = (reason: string) =>
    void killSwitch.engage(reason, false).catch((err: Error) => {
      desktopLog?.log.error({ err, reason }, 'the kill switch failed');
      dialog.showErrorBox('The kill switch failed', `${err.message}\n\nUse quorum halt from a terminal, or stop trading at the broker.`);
    });

  const statusSnapshot = feedHostStatus('electron', [engine, inference], (status) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(DESKTOP_CHANNELS.hostStatus, status);
  });

  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  const openWindow = () => {
    mainWindow = createMainWindow(join(dataDir, 'window-state.json'));
    wiring.setWindow(mainWindow);
    mainWindow.on('closed', () => {
      mainWindow = null;
      wiring.setWindow(null);
    });
  };

  const ready = app.whenReady().then(async () => {
    desktopLog = await openDesktopLog(dataDir, app.isPackaged ? null : process.stderr);
    desktopLog.log.info({ dataDir, version: app.getVersion(), electron: process.versions.electron }, 'Quorum starting');
    hardenSession();
    ipcMain.on(DESKTOP_CHANNELS.enginePortRequest, (event) => {
      if (!isTrustedSender(event.senderFrame, isAppUrl)) return;
      wiring.sendRendererPort();
      event.sender.send(DESKTOP_CHANNELS.hostStatus, statusSnapshot());
    });
    ipcMain.handle(DESKTOP_CHANNELS.killSwitch, (event, flatten: unknown) => {
      if (!isTrustedSender(event.senderFrame, isAppUrl)) throw new Error('refused: not the app window');
      return killSwitch.engage('kill switch pressed by the trader', flatten === true);
    });
    // The global shortcut halts even when the window is not focused.
    globalShortcut.register(KILL_SWITCH_ACCELERATOR, () => halt('global kill-switch shortcut'));
    const actions = menuActions({
      dataDir,
      logDir: desktopLog.dir,
      documentsDir: app.getPath('documents'),
      audit,
      window: () => mainWindow,
      haltTrading: () => halt('kill switch from the menu'),
      aboutLines: () => aboutLines(app.getVersion(), process.versions, versions),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, actions)));
    engine.start();
    inference.start();
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void Promise.all([engine.stop(), inference.stop()])
      .then(() => desktopLog?.close())
      .finally(() => app.quit());
  });
  app.on('will-quit', () => globalShortcut.unregisterAll());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  return { dataDir, engine, inference, ready, window: () => mainWindow };
}
