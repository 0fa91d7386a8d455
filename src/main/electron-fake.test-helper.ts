import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

/**
 * A recording fake of the `electron` module, for the main-process tests (`vi.mock('electron', …)`):
 * every call main makes is kept in `calls` in order, events are emitted by the tests, and the
 * utility processes are scripted children that answer the host protocol like the real entries.
 */
export const calls: { api: string; args: unknown[] }[] = [];
const record = (api: string, ...args: unknown[]) => calls.push({ api, args });
export const called = (api: string) => calls.filter((c) => c.api === api);

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>();
  /** Packaged: the log is not echoed to the test's stderr. */
  isPackaged = true;
  lockGranted = true;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`fake app: no path ${name}`);
    return path;
  }
  setPath(name: string, path: string): void {
    record('app.setPath', name, path);
    this.paths.set(name, path);
  }
  getVersion(): string {
    return '9.8.7';
  }
  requestSingleInstanceLock(data: unknown): boolean {
    record('app.requestSingleInstanceLock', data);
    return this.lockGranted;
  }
  quit(): void {
    record('app.quit');
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** The test says Electron is ready. */
  becomeReady(): void {
    this.resolveReady();
  }
}
export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  postMessage(channel: string, message: unknown, ports: unknown[]): void {
    this.sent.push({ channel, args: [message, ports] });
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  bounds: { x: number; y: number; width: number; height: number };
  maximized = false;
  minimized = false;
  destroyed = false;
  url = '';
  readonly options: Record<string, unknown> & { width: number; height: number; x?: number; y?: number };
  constructor(options: BrowserWindow['options']) {
    super();
    this.options = options;
    record('new BrowserWindow', options);
    this.bounds = { x: options.x ?? 160, y: options.y ?? 40, width: options.width, height: options.height };
    BrowserWindow.all.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    return Promise.resolve();
  }
  show(): void {
    record('window.show');
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    record('window.restore');
    this.minimized = false;
  }
  focus(): void {
    record('window.focus');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  /** The trader drags or resizes the window. */
  moveTo(bounds: Partial<BrowserWindow['bounds']>): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('moved');
  }
}

type HeadersHandler = (details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void;
type PermissionRequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
type PermissionCheckHandler = (wc: unknown, permission: string) => boolean;

class FakeSession {
  headersHandler: HeadersHandler | null = null;
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  readonly webRequest = {
    onHeadersReceived: (handler: HeadersHandler) => {
      this.headersHandler = handler;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}
export const session = { defaultSession: new FakeSession() };

type IpcListener = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  listeners: new Map<string, IpcListener>(),
  handlers: new Map<string, IpcListener>(),
  on(channel: string, listener: IpcListener) {
    ipcMain.listeners.set(channel, listener);
  },
  handle(channel: string, handler: IpcListener) {
    ipcMain.handlers.set(channel, handler);
  },
};

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void) {
    record('globalShortcut.register', accelerator);
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregisterAll() {
    record('globalShortcut.unregisterAll');
    globalShortcut.registered.clear();
  },
};

/** A utility process whose entry answers as the real one: ready, pongs, halts, shutdown, audit. */
export class FakeUtilityChild extends EventEmitter {
  static nextPid = 7_000;
  readonly pid = FakeUtilityChild.nextPid++;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly received: unknown[] = [];
  exited = false;
  readonly modulePath: string;
  readonly args: string[];
  readonly options: Record<string, unknown>;
  constructor(modulePath: string, args: string[], options: Record<string, unknown>) {
    super();
    this.modulePath = modulePath;
    this.args = args;
    this.options = options;
  }
  postMessage(message: { t: string; [k: string]: unknown }, transfer: unknown[]): void {
    this.received.push(message);
    record('utility.postMessage', this.name, message.t, transfer.length);
    utilityProcess.answer(this, message);
  }
  get name(): string {
    return this.modulePath.endsWith('engine.js') ? 'engine' : 'inference';
  }
  reply(message: unknown): void {
    queueMicrotask(() => this.emit('message', message));
  }
  kill(): boolean {
    this.exit(null);
    return true;
  }
  /** The process ends (a crash when the code is not 0). */
  exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    queueMicrotask(() => this.emit('exit', code ?? 0));
  }
}

export const utilityProcess = {
  children: [] as FakeUtilityChild[],
  /** How a child answers a message: the default behaves like the real entries. */
  answer(child: FakeUtilityChild, m: { t: string; [k: string]: unknown }): void {
    if (m.t === 'ping') child.reply({ t: 'pong', seq: m['seq'] });
    else if (m.t === 'shutdown') child.exit(0);
    else if (m.t === 'halt') child.reply({ t: 'halted', requestId: m['requestId'], state: 'HALTED', canceled: 0, flattening: 0 });
    else if (m.t === 'audit')
      child.reply({ t: 'audit', requestId: m['requestId'], ok: true, text: `the engine did ${JSON.stringify(m['request'])}` });
  },
  fork(modulePath: string, args: string[], options: Record<string, unknown>): FakeUtilityChild {
    const child = new FakeUtilityChild(modulePath, args, options);
    record('utilityProcess.fork', modulePath, args, options);
    utilityProcess.children.push(child);
    const versions =
      child.name === 'engine' ? { SQLite: '3.50.0', 'order book': 'native (quorum_native 0.1.0)' } : { onnxruntime: '1.23.0' };
    child.reply({ t: 'ready', name: child.name, pid: child.pid, versions });
    return child;
  },
};

export class MessageChannelMain {
  readonly port1 = { name: 'port1' };
  readonly port2 = { name: 'port2' };
}

export const Menu = {
  template: null as unknown[] | null,
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] }) {
    record('Menu.setApplicationMenu');
    Menu.template = menu.template;
  },
};

export const dialog = {
  /** What the next save dialog returns. */
  savePath: null as string | null,
  /** Which button the next message box returns. */
  response: 0,
  showSaveDialog(...args: unknown[]) {
    record('dialog.showSaveDialog', args.at(-1));
    return Promise.resolve({ canceled: dialog.savePath === null, filePath: dialog.savePath ?? '' });
  },
  showErrorBox(title: string, content: string) {
    record('dialog.showErrorBox', title, content);
  },
  showMessageBox(...args: unknown[]) {
    record('dialog.showMessageBox', args.at(-1));
    return Promise.resolve({ response: dialog.response, checkboxChecked: false });
  },
};

export const shell = {
  openPathError: '',
  openPath(path: string) {
    record('shell.openPath', path);
    return Promise.resolve(shell.openPathError);
  },
};

export const clipboard = {
  writeText(text: string) {
    record('clipboard.writeText', text);
  },
};

export const screen = {
  workAreas: [{ x: 0, y: 0, width: 1920, height: 1080 }],
  getAllDisplays() {
    return screen.workAreas.map((workArea) => ({ workArea }));
  },
};

export default {
  app,
  BrowserWindow,
  session,
  ipcMain,
  globalShortcut,
  utilityProcess,
  MessageChannelMain,
  Menu,
  dialog,
  shell,
  clipboard,
  screen,
};
