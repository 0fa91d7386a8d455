import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessStatus } from '../shared/ipc/host-status.ts';
import { forkLauncher } from './fork-launcher.ts';
import { Supervisor, type SupervisorOptions } from './supervisor.ts';

const CHILD = fileURLToPath(new URL('./fixtures/heartbeat-child.ts', import.meta.url));
const FAST: Partial<SupervisorOptions> = { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 600, initialBackoffMs: 50, maxBackoffMs: 400 };
const running: Supervisor[] = [];

function supervise(args: string[], options: Partial<SupervisorOptions> = {}) {
  const sup = new Supervisor(forkLauncher({ name: 'fixture', modulePath: CHILD, args }), { ...FAST, ...options });
  const states: ProcessStatus[] = [];
  sup.onStatus((s) => {
    if (states.at(-1)?.state !== s.state || states.at(-1)?.generation !== s.generation) states.push(s);
  });
  running.push(sup);
  return { sup, states };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop(1_000)));
});

describe('Supervisor', () => {
  it('starts a child, tracks its heartbeat and stops it gracefully', async () => {
    const { sup } = supervise([]);
    sup.start();
    await until(() => sup.status().state === 'running');
    await new Promise((r) => setTimeout(r, 300));
    const status = sup.status();
    expect(status.heartbeatAgeMs).not.toBeNull();
    expect(status.heartbeatAgeMs!).toBeLessThan(600);
    const pid = status.pid!;
    await sup.stop();
    expect(sup.status().state).toBe('stopped');
    expect(sup.status().lastExit).toBe('exited normally');
    expect(alive(pid)).toBe(false);
  });

  it('restarts a child killed with SIGKILL, with a new pid and generation', async () => {
    const { sup } = supervise([]);
    sup.start();
    await until(() => sup.status().state === 'running');
    const firstPid = sup.status().pid!;
    process.kill(firstPid, 'SIGKILL');
    await until(() => sup.status().state === 'running' && sup.status().generation === 2);
    expect(sup.status().pid).not.toBe(firstPid);
    expect(sup.status().restarts).toBe(1);
    expect(sup.status().lastExit).toBe('killed by SIGKILL');
  });

  it('kills and restarts a child that stops answering heartbeats (SIGSTOP)', async () => {
    const { sup, states } = supervise([]);
    sup.start();
    await until(() => sup.status().state === 'running');
    const hungPid = sup.status().pid!;
    process.kill(hungPid, 'SIGSTOP');
    await until(() => sup.status().state === 'running' && sup.status().generation === 2);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['unresponsive', 'restarting']));
    expect(sup.status().lastExit).toMatch(/^no heartbeat for \d+ ms; killed/);
    await until(() => !alive(hungPid));
  });

  it('backs off between restarts and gives up after the cap within the window', async () => {
    const { sup, states } = supervise(['--crash-after', '30'], { maxRestarts: 3, restartWindowMs: 60_000 });
    const spawnTimes: number[] = [];
    sup.onStatus((s) => {
      if (s.state === 'starting' && spawnTimes.length < s.generation) spawnTimes.push(Date.now());
    });
    sup.start();
    await until(() => sup.status().state === 'failed');
    expect(sup.status().generation).toBe(4);
    expect(sup.status().lastExit).toMatch(/exited with code 3; gave up after 3 restarts in 60 s/);
    expect(states.filter((s) => s.state === 'restarting')).toHaveLength(3);
    // Backoff doubles: 50, 100, 200 ms between a crash and the next launch.
    const gaps = spawnTimes.slice(1).map((t, i) => t - spawnTimes[i]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  });

  it('tries again after giving up (it had stayed failed for good), and restartNow starts one at once', async () => {
    const { sup } = supervise(['--crash-after', '30'], { maxRestarts: 2, restartWindowMs: 60_000, retryAfterFailureMs: 300 });
    sup.start();
    await until(() => sup.status().state === 'failed');
    expect(sup.status().lastExit).toMatch(/gave up after 2 restarts in 60 s, trying again in 0 s/);
    expect(sup.nextAttemptAt).not.toBeNull();
    const gaveUpAt = sup.status().generation;
    await until(() => sup.status().generation > gaveUpAt);
    await until(() => sup.status().state === 'failed' && sup.status().generation === gaveUpAt + 3);
    sup.restartNow();
    expect(sup.status().state).toBe('starting');
    expect(sup.status().generation).toBe(gaveUpAt + 4);
  });
});
