import type { MenuItemConstructorOptions } from 'electron';

/** What the application menu's own items do (the standard roles are Electron's). */
export interface MenuActions {
  openDataFolder(): void;
  openLogFolder(): void;
  exportAuditLog(): void;
  verifyAuditLog(): void;
  haltTrading(): void;
  showAbout(): void;
}

/** The kill switch's global shortcut, registered by main; the menu shows it beside its item. */
export const KILL_SWITCH_ACCELERATOR = 'CommandOrControl+Shift+H';

/**
 * The application menu: Electron's standard roles (app menu on macOS, Edit, View, Window) and
 * Quorum's: the profile's data and log folders, the audit log's export and verification, the kill
 * switch, and About with every component's version.
 */
export function menuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Quorum', click: () => actions.showAbout() };
  return [
    ...(mac
      ? [
          {
            label: 'Quorum',
            submenu: [
              about,
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Data Folder', click: () => actions.openDataFolder() },
        { label: 'Open Log Folder', click: () => actions.openLogFolder() },
        { type: 'separator' },
        { label: 'Export Audit Log…', click: () => actions.exportAuditLog() },
        { label: 'Verify Audit Log', click: () => actions.verifyAuditLog() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Trading',
      submenu: [
        // The global shortcut does the work even when the window is not focused; the menu shows it.
        {
          label: 'Halt Trading (Kill Switch)',
          accelerator: KILL_SWITCH_ACCELERATOR,
          registerAccelerator: false,
          click: () => actions.haltTrading(),
        },
      ],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [{ label: 'Open Log Folder', click: () => actions.openLogFolder() }] : [about] },
  ];
}
