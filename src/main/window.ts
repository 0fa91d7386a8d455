import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { lockDownContents } from './security.ts';

/** Where the renderer comes from: electron-vite's dev server in development, the built file otherwise. */
export function rendererUrl(): string {
  return process.env['ELECTRON_RENDERER_URL'] ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`;
}

export function isAppUrl(url: string): boolean {
  const base = rendererUrl();
  return url === base || url.startsWith(base.replace(/index\.html$/, ''));
}

/** The one window, following Electron's security checklist. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}
