import { clipboard, dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { join } from 'node:path';
import type { EngineAudit } from '../host/engine-audit.ts';
import type { AuditRequest } from '../shared/ipc/host-protocol.ts';
import type { MenuActions } from './app-menu.ts';

export interface MenuActionDeps {
  dataDir: string;
  logDir: string;
  documentsDir: string;
  audit: EngineAudit;
  window: () => BrowserWindow | null;
  haltTrading: () => void;
  aboutLines: () => string[];
}

/** The menu's items, each ending in a dialog that says what happened (never silently). */
export function menuActions(deps: MenuActionDeps): MenuActions {
  const tell = async (ok: boolean, title: string, text: string) => {
    const options = { type: ok ? 'info' : 'error', title, message: title, detail: text } as const;
    const win = deps.window();
    await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  const open = async (folder: string, what: string) => {
    const error = await shell.openPath(folder);
    if (error) await tell(false, `Cannot open the ${what}`, `${folder}: ${error}`);
  };
  const runAudit = async (request: AuditRequest, title: string) => {
    const answer = await deps.audit.ask(request);
    await tell(answer.ok, title, answer.text);
  };
  return {
    openDataFolder: () => void open(deps.dataDir, 'data folder'),
    openLogFolder: () => void open(deps.logDir, 'log folder'),
    verifyAuditLog: () => void runAudit({ op: 'verify' }, 'Verify audit log'),
    exportAuditLog: () =>
      void (async () => {
        const win = deps.window();
        const options = {
          title: 'Export audit log',
          defaultPath: join(deps.documentsDir, `quorum-audit-${new Date().toISOString().slice(0, 10)}.jsonl`),
          filters: [
            { name: 'JSON Lines (importable with quorum audit import)', extensions: ['jsonl'] },
            { name: 'CSV', extensions: ['csv'] },
          ],
        };
        const chosen = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
        if (chosen.canceled || !chosen.filePath) return;
        const format = chosen.filePath.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
        await runAudit({ op: 'export', format, path: chosen.filePath }, 'Export audit log');
      })(),
    haltTrading: () => deps.haltTrading(),
    showAbout: () =>
      void (async () => {
        const lines = deps.aboutLines();
        const options: MessageBoxOptions = {
          type: 'info',
          title: 'About Quorum',
          message: lines[0]!,
          detail: lines.slice(1).join('\n'),
          buttons: ['OK', 'Copy'],
        };
        const win = deps.window();
        const { response } = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
        if (response === 1) clipboard.writeText(lines.join('\n'));
      })(),
  };
}
