import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, defineContract, ServiceRegistry } from '../contracts/index.ts';
import { PortListeners, type Port } from './port.ts';
import { RpcPeer, type Schedule } from './rpc-peer.ts';

/** Two ports joined back to back, delivering asynchronously like a real channel. */
function portPair(): [Port, Port] {
  const a = new PortListeners();
  const b = new PortListeners();
  const make = (mine: PortListeners, theirs: PortListeners): Port => ({
    post: (m) => queueMicrotask(() => theirs.emitMessage(structuredClone(m))),
    onMessage: (l) => mine.addMessage(l),
    onClose: (l) => mine.addClose(l),
    close: () => {
      mine.emitClose();
      theirs.emitClose();
    },
  });
  return [make(a, b), make(b, a)];
}

const schedule: Schedule = (ms, fn) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

const ping = defineContract('ping', {
  echo: { input: z.object({ n: z.number() }), output: z.object({ n: z.number() }) },
  never: { input: z.object({}), output: z.null() },
});

describe('RpcPeer', () => {
  it('answers calls across a port and passes other messages on', async () => {
    const [a, b] = portPair();
    const registry = new ServiceRegistry();
    registry.register(ping, { echo: ({ n }) => ({ n: n * 2 }), never: () => new Promise(() => {}) });
    new RpcPeer(b, { schedule, timeoutMs: 1000, registry });
    const others: unknown[] = [];
    const caller = new RpcPeer(a, { schedule, timeoutMs: 1000, onOther: (m) => others.push(m) });
    const client = createClient(ping, caller.call);
    expect(await client.echo({ n: 21 })).toEqual({ n: 42 });
    b.post({ t: 'host', status: { host: 'serve', processes: [] } });
    await new Promise((r) => setTimeout(r, 5));
    expect(others).toEqual([{ t: 'host', status: { host: 'serve', processes: [] } }]);
  });

  it('times a call out, and fails calls in flight when the port closes', async () => {
    const [a, b] = portPair();
    const registry = new ServiceRegistry();
    registry.register(ping, { echo: ({ n }) => ({ n }), never: () => new Promise(() => {}) });
    new RpcPeer(b, { schedule, timeoutMs: 1000, registry });
    const caller = new RpcPeer(a, { schedule, timeoutMs: 50, onInvalid: () => {} });
    await expect(caller.call('ping.never', {})).rejects.toMatchObject({ code: 'timeout' });
    const slow = new RpcPeer(a, { schedule, timeoutMs: 10_000 });
    const pending = slow.call('ping.never', {});
    a.close();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('drops malformed messages and reports them', async () => {
    const [a, b] = portPair();
    const problems: string[] = [];
    new RpcPeer(a, { schedule, timeoutMs: 100, onInvalid: (r) => problems.push(r) });
    b.post({ t: 'res', id: 'not a number' });
    b.post('garbage');
    await new Promise((r) => setTimeout(r, 5));
    expect(problems).toHaveLength(2);
  });
});
