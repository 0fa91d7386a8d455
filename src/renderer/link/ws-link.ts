import { PortListeners, type Port } from '../../shared/ipc/port.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import type { WireKillResult } from '../../shared/ipc/wire.ts';
import { browserSchedule, LinkListeners, type EngineLink } from './engine-link.ts';

/**
 * The link under `quorum serve`: one WebSocket to the host, which relays it to the engine and also
 * sends host status. Reconnects with backoff; a new engine generation starts a new epoch.
 */
export function createWsLink(url: string): EngineLink {
  const listeners = new LinkListeners();
  let peer: RpcPeer | null = null;
  let engineGeneration = -1;
  let engineRunning = false;
  let retryMs = 500;
  let killId = 0;
  const kills = new Map<number, (r: WireKillResult) => void>();
  let send: (m: unknown) => boolean = () => false;

  const connect = () => {
    const ws = new WebSocket(url);
    const portListeners = new PortListeners();
    const port: Port = {
      post: (m) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(m)),
      onMessage: (l) => portListeners.addMessage(l),
      onClose: (l) => portListeners.addClose(l),
      close: () => ws.close(),
    };
    peer = new RpcPeer(port, {
      schedule: browserSchedule,
      timeoutMs: 10_000,
      onOther: (m) => {
        listeners.dispatch(m);
        if (m.t === 'kill-result') kills.get(m.id)?.(m);
        if (m.t !== 'host') return;
        for (const l of listeners.host) l(m.status);
        const engine = m.status.processes.find((p) => p.name === 'engine');
        const running = engine?.state === 'running';
        if (engine && running && (!engineRunning || engine.generation !== engineGeneration)) {
          engineGeneration = engine.generation;
          peer?.failAll('unavailable', 'the engine was restarted');
          listeners.setState({ connection: 'open', epoch: listeners.current.epoch + 1, detail: `engine generation ${engineGeneration}` });
        }
        engineRunning = running;
      },
    });
    ws.onopen = () => {
      retryMs = 500;
    };
    send = (m) => ws.readyState === WebSocket.OPEN && (ws.send(JSON.stringify(m)), true);
    ws.onmessage = (e) => {
      try {
        portListeners.emitMessage(JSON.parse(String(e.data)));
      } catch {
        // a malformed frame is dropped; RpcPeer reports schema problems
      }
    };
    ws.onclose = (e) => {
      portListeners.emitClose();
      engineRunning = false;
      listeners.setState({ connection: 'closed', detail: e.code === 1006 ? 'connection to quorum serve lost' : `closed (${e.code})` });
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };

  const killSwitch = (flatten: boolean) =>
    new Promise<WireKillResult>((resolve, reject) => {
      const id = ++killId;
      kills.set(id, (r) => {
        kills.delete(id);
        resolve(r);
      });
      if (!send({ t: 'kill', id, flatten })) {
        kills.delete(id);
        reject(new Error('not connected to quorum serve: stop it from its terminal (Ctrl+C) or run `quorum halt`'));
      }
    });
  return listeners.link('websocket', () => peer, connect, killSwitch);
}
