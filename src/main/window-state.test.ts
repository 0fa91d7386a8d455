import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-fake.test-helper.ts';
import { createMainWindow } from './window.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';

vi.mock('electron', () => import('./electron-fake.test-helper.ts'));

const root = mkdtempSync(join(tmpdir(), 'quorum-window-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const screens = [
  { x: 0, y: 0, width: 1920, height: 1080 },
  { x: 1920, y: 0, width: 2560, height: 1440 },
];

describe('the window remembered between launches', () => {
  it('reopens where it was closed, maximized if it was', () => {
    const file = join(root, 'state.json');
    saveWindowState(file, { x: 2100, y: 100, width: 1400, height: 900, maximized: true });
    expect(loadWindowState(file, screens)).toEqual({
      state: { x: 2100, y: 100, width: 1400, height: 900, maximized: true },
      positioned: true,
    });
    electron.screen.workAreas = screens;
    const win = createMainWindow(file) as unknown as electron.BrowserWindow;
    expect(win.options).toMatchObject({ x: 2100, y: 100, width: 1400, height: 900 });
    expect(win.isMaximized()).toBe(true);
  });

  it('keeps the size but centres a window whose place is on no screen now (a monitor unplugged)', () => {
    const file = join(root, 'gone.json');
    saveWindowState(file, { x: 2100, y: 100, width: 1400, height: 900, maximized: false });
    expect(loadWindowState(file, [screens[0]!])!.positioned).toBe(false);
    // A title bar above the top of the screen cannot be grabbed either.
    saveWindowState(file, { x: 100, y: -30, width: 1400, height: 900, maximized: false });
    expect(loadWindowState(file, screens)!.positioned).toBe(false);
    // Only a sliver of the title bar on the screen is not enough.
    saveWindowState(file, { x: 1850, y: 100, width: 1400, height: 900, maximized: false });
    expect(loadWindowState(file, [screens[0]!])!.positioned).toBe(false);
    electron.screen.workAreas = [screens[0]!];
    const win = createMainWindow(file) as unknown as electron.BrowserWindow;
    expect(win.options).toMatchObject({ width: 1400, height: 900 });
    expect(win.options).not.toHaveProperty('x');
  });

  it('opens at the default size when the file is missing, not JSON, or out of bounds', () => {
    expect(loadWindowState(join(root, 'none.json'), screens)).toBeNull();
    const file = join(root, 'bad.json');
    for (const text of [
      '{not json',
      JSON.stringify({ x: 0, y: 0, width: 20, height: 20, maximized: false }),
      JSON.stringify({ x: 0, y: 0 }),
    ]) {
      writeFileSync(file, text);
      expect(loadWindowState(file, screens), text).toBeNull();
    }
    const win = createMainWindow(file) as unknown as electron.BrowserWindow;
    expect(win.options).toMatchObject({ width: 1600, height: 1000 });
    // The next move writes a good file over the bad one.
    win.moveTo({ x: 10, y: 20 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 20, width: 1600, height: 1000, maximized: false });
  });
});
