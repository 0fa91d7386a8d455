import pino from 'pino';
import { ServiceRegistry } from '../../../shared/contracts/rpc-server.ts';
import { RpcPeer } from '../../../shared/ipc/rpc-peer.ts';
import { registerInferenceServices } from '../../models/inference-host.ts';
import { connectToHost } from './host-channel.ts';

/** Entry of the inference process: onnxruntime sessions, served to the engine over a port. */
const log = pino({ name: 'inference', level: process.env['QUORUM_LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const registry = new ServiceRegistry();
registerInferenceServices(registry);

const host = connectToHost();
const schedule = (ms: number, fn: () => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

host.onMessage((msg, port) => {
  if (msg.t === 'ping') host.post({ t: 'pong', seq: msg.seq });
  else if (msg.t === 'shutdown') process.exit(0);
  else if (msg.t === 'attach' && port && msg.role === 'engine') {
    new RpcPeer(port, { schedule, timeoutMs: 5_000, registry, onInvalid: (reason) => log.warn({ reason }, 'malformed message') });
    log.info('engine port attached');
  }
});
host.onHostGone(() => process.exit(0));
host.post({ t: 'ready', name: 'inference', pid: process.pid });
