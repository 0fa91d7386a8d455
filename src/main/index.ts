import { app, BrowserWindow, globalShortcut, ipcMain } from 'electron';
import { join } from 'node:path';
import { feedHostStatus } from '../host/host-status-feed.ts';
import { reportGiveUps } from '../host/give-up-report.ts';
import { Supervisor } from '../host/supervisor.ts';
import { HostKillSwitch } from '../host/kill-switch.ts';
import { DESKTOP_CHANNELS } from '../shared/ipc/desktop-bridge.ts';
import { EngineWiring } from './engine-wiring.ts';
import { hardenSession, isTrustedSender } from './security.ts';
import { utilityLauncher } from './utility-launcher.ts';
import { createMainWindow, isAppUrl } from './window.ts';

/**
 * Electron main: the control plane only (DESIGN.md §1). Windows, supervision of the engine and
 * inference utility processes, and port wiring. No trading logic lives here.
 */
const dataDir = process.env['QUORUM_DATA_DIR'] ?? app.getPath('userData');
// Engine and inference are built by electron-vite as named inputs beside this file.
const engine: Supervisor = new Supervisor(
  utilityLauncher('engine', join(import.meta.dirname, 'engine.js'), () => [
    '--data',
    dataDir,
    '--version',
    app.getVersion(),
    ...killSwitch.launchArgs(),
    ...engine.restartArgs(),
  ]),
);
const killSwitch = new HostKillSwitch(engine, { dataDir });
const inference = new Supervisor(utilityLauncher('inference', join(import.meta.dirname, 'inference.js'), []));
const wiring = new EngineWiring(engine, inference);
reportGiveUps(inference, engine);
let mainWindow: BrowserWindow | null = null;

const statusSnapshot = feedHostStatus('electron', [engine, inference], (status) => {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(DESKTOP_CHANNELS.hostStatus, status);
});

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.whenReady().then(() => {
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
  globalShortcut.register('CommandOrControl+Shift+H', () => void killSwitch.engage('global kill-switch shortcut', false));
  engine.start();
  inference.start();
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

function openWindow(): void {
  mainWindow = createMainWindow();
  wiring.setWindow(mainWindow);
  mainWindow.on('closed', () => {
    mainWindow = null;
    wiring.setWindow(null);
  });
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  void Promise.all([engine.stop(), inference.stop()]).finally(() => app.quit());
});

app.on('will-quit', () => globalShortcut.unregisterAll());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
