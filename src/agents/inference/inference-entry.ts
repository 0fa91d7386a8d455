import pino from 'pino';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import { InferenceHost, onnxruntimeVersion } from './inference-host.ts';
import { ExecutionProviderSettingSchema } from '../../shared/contracts/inference.contract.ts';
import { connectToHost } from '../engine/entry/host-channel.ts';
import { LiveClock } from '../engine/live-clock.ts';

/** Entry of the inference process: onnxruntime sessions, served to the engine over a port. */
const log = pino({ name: 'inference', level: process.env['QUORUM_LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const registry = new ServiceRegistry();
const providerArg = process.argv.find((a) => a.startsWith('--provider='))?.slice('--provider='.length);
const provider = ExecutionProviderSettingSchema.safeParse(providerArg ?? process.env['QUORUM_EP'] ?? 'auto');
if (!provider.success) log.warn({ providerArg }, 'unknown execution provider setting; using auto');
new InferenceHost(provider.success ? provider.data : 'auto').register(registry);

const host = connectToHost();
// Request deadlines run on the wall clock, through the one class allowed to start timers.
const clock = new LiveClock();
const schedule = (ms: number, fn: () => void) => clock.after(ms, fn);

host.onMessage((msg, port) => {
  if (msg.t === 'ping') host.post({ t: 'pong', seq: msg.seq });
  else if (msg.t === 'shutdown') process.exit(0);
  else if (msg.t === 'attach' && port && msg.role === 'engine') {
    new RpcPeer(port, { schedule, timeoutMs: 5_000, registry, onInvalid: (reason) => log.warn({ reason }, 'malformed message') });
    log.info('engine port attached');
  }
});
host.onHostGone(() => process.exit(0));
host.post({ t: 'ready', name: 'inference', pid: process.pid, versions: { onnxruntime: onnxruntimeVersion() } });
