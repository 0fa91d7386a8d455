import { startDesktopApp } from './desktop-app.ts';

/** The Electron main entry: everything is in `desktop-app.ts`, which the main-process tests drive. */
startDesktopApp();
