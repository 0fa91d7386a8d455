import { ENGINE_PORT_MESSAGE, type DesktopBridge } from '../../shared/ipc/desktop-bridge.ts';
import { PortListeners, type Port } from '../../shared/ipc/port.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import { browserSchedule, LinkListeners, type EngineLink } from './engine-link.ts';

/**
 * The link in the desktop app: a MessagePort straight to the engine, handed over by the preload
 * script; main sends a fresh one after every engine restart.
 */
export function createElectronLink(bridge: DesktopBridge): EngineLink {
  const listeners = new LinkListeners();
  let peer: RpcPeer | null = null;

  const adopt = (raw: MessagePort) => {
    const portListeners = new PortListeners();
    raw.onmessage = (e) => portListeners.emitMessage(e.data);
    raw.start();
    const port: Port = {
      post: (m) => raw.postMessage(m),
      onMessage: (l) => portListeners.addMessage(l),
      onClose: (l) => portListeners.addClose(l),
      close: () => raw.close(),
    };
    peer?.failAll('unavailable', 'the engine was restarted');
    peer = new RpcPeer(port, {
      schedule: browserSchedule,
      timeoutMs: 10_000,
      onOther: (m) => listeners.dispatch(m),
    });
    listeners.setState({ connection: 'open', epoch: listeners.current.epoch + 1, detail: 'engine port attached' });
  };

  return listeners.link(
    'electron',
    () => peer,
    () => {
      window.addEventListener('message', (e) => {
        if (e.source === window && (e.data as { type?: unknown })?.type === ENGINE_PORT_MESSAGE && e.ports[0]) adopt(e.ports[0]);
      });
      bridge.onHostStatus((status) => {
        for (const l of listeners.host) l(status);
        const engine = status.processes.find((p) => p.name === 'engine');
        if (engine && engine.state !== 'running') listeners.setState({ connection: 'connecting', detail: `engine ${engine.state}` });
      });
      bridge.requestEnginePort();
    },
    (flatten) => bridge.killSwitch(flatten),
  );
}
