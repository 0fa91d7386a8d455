import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import { lockDownContents } from './security.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';

/** Where the renderer comes from: electron-vite's dev server in development, the built file otherwise. */
export function rendererUrl(): string {
  return process.env['ELECTRON_RENDERER_URL'] ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`;
}

export function isAppUrl(url: string): boolean {
  const base = rendererUrl();
  return url === base || url.startsWith(base.replace(/index\.html$/, ''));
}

/**
 * The one window, following Electron's security checklist, where the trader left it last time
 * (`stateFile`; the size alone when the remembered place is on no screen now).
 */
export function createMainWindow(stateFile: string): BrowserWindow {
  const remembered = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    width: remembered?.state.width ?? 1600,
    height: remembered?.state.height ?? 1000,
    ...(remembered?.positioned ? { x: remembered.state.x, y: remembered.state.y } : {}),
    minWidth: 1100,
    minHeight: 700,
    backgroundColor: '#0d1117',
    title: 'Quorum',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  lockDownContents(win.webContents, isAppUrl);
  if (remembered?.state.maximized) win.maximize();
  const remember = () => {
    if (!win.isDestroyed()) saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('resized', remember);
  win.on('moved', remember);
  win.on('maximize', remember);
  win.on('unmaximize', remember);
  win.on('close', remember);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}
