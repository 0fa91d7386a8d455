import { parentPort } from 'node:worker_threads';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import { RpcPeer } from '../../shared/ipc/rpc-peer.ts';
import { InferenceHost } from '../../agents/inference/inference-host.ts';
import { schedule, workerPort } from './message-port.ts';

/** The inference service on a worker thread, for the round-trip benchmark. */
const registry = new ServiceRegistry();
new InferenceHost('cpu').register(registry);
new RpcPeer(workerPort(parentPort!), { schedule, timeoutMs: 10_000, registry });
