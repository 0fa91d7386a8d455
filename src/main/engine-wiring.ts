import { MessageChannelMain, type BrowserWindow } from 'electron';
import type { Supervisor } from '../host/supervisor.ts';
import { DESKTOP_CHANNELS } from '../shared/ipc/desktop-bridge.ts';

/**
 * Port wiring for the desktop app: a MessageChannelMain pair between the engine and the renderer,
 * and one between the engine and inference, made afresh whenever either process (re)starts.
 * Market data never passes through main.
 */
export class EngineWiring {
  private readonly engine: Supervisor;
  private readonly inference: Supervisor;
  private window: BrowserWindow | null = null;
  private portSeq = 0;

  constructor(engine: Supervisor, inference: Supervisor) {
    this.engine = engine;
    this.inference = inference;
    engine.onReady(() => {
      this.linkInference();
      this.sendRendererPort();
    });
    inference.onReady(() => this.linkInference());
  }

  setWindow(win: BrowserWindow | null): void {
    this.window = win;
  }

  /** Gives the renderer a new port to the engine (on request, and after every engine restart). */
  sendRendererPort(): void {
    const win = this.window;
    const engine = this.engine.current;
    if (!win || win.isDestroyed() || !engine || this.engine.status().state !== 'running') return;
    const { port1, port2 } = new MessageChannelMain();
    engine.send({ t: 'attach', role: 'renderer', portId: `ui-${++this.portSeq}`, relayed: false }, [port1]);
    win.webContents.postMessage(DESKTOP_CHANNELS.enginePort, null, [port2]);
  }

  private linkInference(): void {
    const engine = this.engine.current;
    const inference = this.inference.current;
    if (!engine || !inference || this.engine.status().state !== 'running' || this.inference.status().state !== 'running') return;
    const { port1, port2 } = new MessageChannelMain();
    const portId = `inference-${++this.portSeq}`;
    engine.send({ t: 'attach', role: 'inference', portId, relayed: false }, [port1]);
    inference.send({ t: 'attach', role: 'engine', portId, relayed: false }, [port2]);
  }
}
