import type { Supervisor } from './supervisor.ts';

export interface KillOutcome {
  /** acknowledged: the engine halted; engine-killed: it did not answer in time and was killed (it
   * restarts HALTED); engine-down: no engine was running (it will start HALTED). */
  outcome: 'acknowledged' | 'engine-killed' | 'engine-down';
  state: string;
  canceled: number;
  flattening: number;
  elapsedMs: number;
}

/**
 * The host's half of the kill switch (DESIGN.md §1, §3): it does not depend on the engine being
 * healthy. The halt goes over the host's own channel; without an acknowledgement within
 * `deadlineMs` the engine is killed, and the next engine is launched with `--start-halted`, so it
 * journals the halt before anything can trade and closes what the journal shows open.
 */
export class HostKillSwitch {
  private readonly engine: Supervisor;
  private pendingHalt: string | null = null;
  private nextRequest = 1;
  private readonly waiting = new Map<number, (m: { state: string; canceled: number; flattening: number }) => void>();

  constructor(engine: Supervisor) {
    this.engine = engine;
    engine.onMessage((m) => {
      if (m.t === 'halted') this.waiting.get(m.requestId)?.(m);
    });
    // Once an engine launched with --start-halted is up, the halt is in its journal.
    engine.onReady(() => {
      this.pendingHalt = null;
    });
  }

  /** Extra launch arguments for the next engine. */
  launchArgs(): string[] {
    return this.pendingHalt ? ['--start-halted', this.pendingHalt] : [];
  }

  async engage(reason: string, flatten: boolean, deadlineMs = 1_000): Promise<KillOutcome> {
    const started = performance.now();
    const child = this.engine.current;
    if (!child || this.engine.status().state !== 'running') {
      this.pendingHalt = reason;
      return { outcome: 'engine-down', state: 'HALTED', canceled: 0, flattening: 0, elapsedMs: performance.now() - started };
    }
    const requestId = this.nextRequest++;
    const answer = new Promise<{ state: string; canceled: number; flattening: number } | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), deadlineMs);
      this.waiting.set(requestId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    child.send({ t: 'halt', requestId, reason, flatten });
    const reply = await answer;
    this.waiting.delete(requestId);
    if (reply)
      return {
        outcome: 'acknowledged',
        state: reply.state,
        canceled: reply.canceled,
        flattening: reply.flattening,
        elapsedMs: performance.now() - started,
      };
    this.pendingHalt = `${reason} (the engine did not answer the kill switch within ${deadlineMs} ms and was killed)`;
    this.engine.kill();
    return { outcome: 'engine-killed', state: 'HALTED', canceled: 0, flattening: 0, elapsedMs: performance.now() - started };
  }
}
