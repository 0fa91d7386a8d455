import type { MessagePort } from 'node:worker_threads';
import { PortListeners, type Port } from '../../shared/ipc/port.ts';

/** A worker_threads MessagePort (or parentPort) as a Quorum Port. */
export function workerPort(port: MessagePort): Port {
  const listeners = new PortListeners();
  port.on('message', (m: unknown) => listeners.emitMessage(m));
  port.on('close', () => listeners.emitClose());
  return {
    post: (m) => port.postMessage(m),
    onMessage: (l) => listeners.addMessage(l),
    onClose: (l) => listeners.addClose(l),
    close: () => port.close(),
  };
}

export const schedule = (ms: number, fn: () => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};
