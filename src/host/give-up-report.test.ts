import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChildToHost } from '../shared/ipc/host-protocol.ts';
import { forkLauncher } from './fork-launcher.ts';
import { reportGiveUps } from './give-up-report.ts';
import { Supervisor } from './supervisor.ts';

const CHILD = fileURLToPath(new URL('./fixtures/heartbeat-child.ts', import.meta.url));
const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop(1_000)));
});

/** An engine that echoes what the host sends it, and an inference process that crashes at once (one restart a minute allowed). */
function processes() {
  const supervise = (name: string, args: string[]) => {
    const sup = new Supervisor(forkLauncher({ name, modulePath: CHILD, args }), {
      heartbeatIntervalMs: 100,
      initialBackoffMs: 50,
      maxRestarts: 1,
      retryAfterFailureMs: 60_000,
    });
    running.push(sup);
    return sup;
  };
  const engine = supervise('engine', []);
  const inference = supervise('inference', ['--crash-after', '30']);
  const told: unknown[] = [];
  engine.onMessage((m: ChildToHost) => {
    if (m.t === 'relay' && m.portId === 'echo') told.push(m.data);
  });
  reportGiveUps(inference, engine);
  return { engine, inference, told };
}
const waitFor = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 20 });

describe('reportGiveUps', () => {
  it('tells the running engine once when the supervisor gives up on inference, with why', async () => {
    const { engine, inference, told } = processes();
    engine.start();
    await waitFor(() => engine.status().state === 'running');
    inference.start();
    await waitFor(() => inference.status().state === 'failed');
    await waitFor(() => told.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(told).toEqual([
      { t: 'process-failed', name: 'inference', reason: expect.stringMatching(/^exited with code 3; gave up after 1 restarts in 60 s/) },
    ]);
  });

  it('keeps a give-up that happened while the engine was down and tells the engine once it is running', async () => {
    const { engine, inference, told } = processes();
    inference.start();
    await waitFor(() => inference.status().state === 'failed');
    expect(told).toEqual([]);
    engine.start();
    await waitFor(() => told.length > 0);
    expect(told).toEqual([{ t: 'process-failed', name: 'inference', reason: expect.stringContaining('gave up') }]);
  });
});
