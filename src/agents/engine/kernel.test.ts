import { registerServices } from '../services/register-services.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import type { TestClock } from './clock.ts';
import { Kernel } from './kernel.ts';
import { SIMULATED_INSTRUMENTS } from '../venues/simulated/sim-instruments.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

function backtestKernel(
  file = tmp.file(`k${n++}.sqlite`),
  seed = 5,
  checkpointEveryMs = 5_000,
  feed: 'random-walk' | 'simulator' = 'random-walk',
) {
  const store = Store.open(file);
  const kernel = new Kernel({
    mode: 'backtest',
    store,
    seed,
    log: silentLogger,
    barIntervalMs: 60_000,
    startMs: 1_700_000_000_000,
    checkpointEveryMs,
    // Kernel behaviour with the agents deciding but not trading (backtests with trading: run-backtest.test.ts).
    agentsTrade: false,
    feed: { kind: feed },
  });
  registerServices(kernel);
  return { kernel, store, clock: kernel.clock as TestClock, file };
}

describe('Kernel', () => {
  it('in backtest mode gives a byte-identical journal and the same bars for the same seed', () => {
    const runs = [backtestKernel(), backtestKernel()].map(({ kernel, store, clock }) => {
      kernel.start();
      clock.advanceBy(60_000 * 50);
      kernel.services.call('trading.halt', { reason: 'test halt' });
      clock.advanceBy(60_000 * 10);
      kernel.stop();
      const journal = [...store.journal.rows()];
      const bars = store.bars.latest(SIMULATED_INSTRUMENTS[0]!.instrument.id, 1000);
      store.close();
      return { journal, bars };
    });
    expect(runs[0]!.bars).toHaveLength(60);
    expect(runs[1]!.journal).toEqual(runs[0]!.journal);
    expect(runs[1]!.bars).toEqual(runs[0]!.bars);
    // Consensus's decisions are journaled (one per instrument and bar); the kill switch's own
    // verification, three seconds later, is journaled too.
    const types = runs[0]!.journal.map((r) => r.type);
    expect(types.filter((t) => t !== 'SignalEmitted' && t !== 'DecisionMade' && t !== 'TargetsSet')).toEqual([
      'SessionStarted',
      'HaltTrading',
      'TradingStateChanged',
      'AlertRaised',
    ]);
    const decisions = runs[0]!.journal.filter((r) => r.type === 'DecisionMade').map((r) => JSON.parse(r.payload).decision);
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.every((d) => d.votes.some((v: { agentId: string }) => v.agentId === 'analyst.technical'))).toBe(true);
    // In a backtest each signal is journaled once, whole, as a vote inside its decision.
    expect(types).not.toContain('SignalEmitted');
    const signals = decisions.flatMap((d) => d.votes.map((v: { signal: { agentId: string; rationale: { summary: string } } }) => v.signal));
    expect(new Set(signals.map((s) => s.agentId))).toEqual(new Set(['analyst.technical']));
    expect(signals.every((s) => s.rationale.summary.startsWith('range') || s.rationale.summary.includes('trend'))).toBe(true);
  });

  it('journals HaltTrading and ResumeTrading and comes back in the persisted state after a restart', async () => {
    const first = backtestKernel();
    first.kernel.start();
    const halted = await first.kernel.services.call('trading.halt', { reason: 'kill switch' });
    expect(halted).toMatchObject({ ok: true, result: { state: 'HALTED', reason: 'kill switch' } });
    first.clock.advanceBy(60_000 * 3);
    first.kernel.stop();
    const lastClose = first.store.bars.latest(SIMULATED_INSTRUMENTS[0]!.instrument.id, 1).at(-1)!.close;
    first.store.close();

    const second = backtestKernel(first.file);
    expect(second.kernel.tradingState.current.state).toBe('HALTED');
    second.kernel.start();
    second.clock.advanceBy(60_000);
    // The feed resumed from its checkpoint: the next bar opens where the last one closed.
    const bars = second.store.bars.latest(SIMULATED_INSTRUMENTS[0]!.instrument.id, 10);
    expect(bars.at(-1)!.open).toBe(lastClose);
    const resumed = await second.kernel.services.call('trading.resume', { reason: 'trader resumed' });
    expect(resumed).toMatchObject({ ok: true, result: { state: 'ACTIVE' } });
    const types = [...second.store.journal.rows()].map((r) => r.type);
    expect(types).toEqual([
      'SessionStarted',
      'HaltTrading',
      'TradingStateChanged',
      'AlertRaised',
      'SessionStarted',
      'ResumeTrading',
      'TradingStateChanged',
    ]);
    second.kernel.stop();
    second.store.close();
  });

  it('continues the price path from the last recorded bar when killed before its first checkpoint', () => {
    const first = backtestKernel(undefined, 5, 3_600_000);
    first.kernel.start();
    first.clock.advanceBy(60_000 * 3);
    // No stop(): the process died, so no checkpoint was written after the bars.
    const lastClose = first.store.bars.latest(SIMULATED_INSTRUMENTS[0]!.instrument.id, 1).at(-1)!.close;
    expect(first.store.checkpoints.load('feed.random-walk')).toBeUndefined();
    first.store.close();
    const second = backtestKernel(first.file);
    second.kernel.start();
    second.clock.advanceBy(60_000);
    expect(second.store.bars.latest(SIMULATED_INSTRUMENTS[0]!.instrument.id, 1).at(-1)!.open).toBe(lastClose);
    second.store.close();
  });

  it('refuses live mode on anything but a live Interactive Brokers account, and an IB account of the other kind', () => {
    const store = Store.open(tmp.file('live.sqlite'));
    expect(() => new Kernel({ mode: 'live', store, seed: 1, log: silentLogger, barIntervalMs: 1000 })).toThrow(
      'live mode trades a live Interactive Brokers account only',
    );
    const ib = (kind: 'paper' | 'live') =>
      ({ kind: 'ib', endpoint: { host: '127.0.0.1', port: 4002, clientId: 1 }, account: { kind }, symbols: ['AAPL'] }) as const;
    expect(() => new Kernel({ mode: 'live', store, seed: 1, log: silentLogger, barIntervalMs: 1000, feed: ib('paper') })).toThrow(
      'live mode trades a live Interactive Brokers account only',
    );
    expect(() => new Kernel({ mode: 'paper', store, seed: 1, log: silentLogger, barIntervalMs: 1000, feed: ib('live') })).toThrow(
      'an IB live account cannot run a paper session',
    );
    // The IB market is handed in by whoever starts the session; the kernel does not import the IB client.
    expect(() => new Kernel({ mode: 'paper', store, seed: 1, log: silentLogger, barIntervalMs: 1000, feed: ib('paper') })).toThrow(
      'an Interactive Brokers session needs the IB market (KernelOptions.ibMarket)',
    );
    store.close();
  });

  it('alerts a restart by its host: a warning after a crash, critical when the host had given up on it', () => {
    const alertsAfter = (restartedAfter: string) => {
      const store = Store.open(tmp.file(`k${n++}.sqlite`));
      const kernel = new Kernel({
        mode: 'backtest',
        store,
        seed: 1,
        log: silentLogger,
        barIntervalMs: 60_000,
        startMs: 1_700_000_000_000,
        agentsTrade: false,
        feed: { kind: 'random-walk' },
        restartedAfter,
      });
      kernel.start();
      kernel.stop();
      const alerts = [...store.journal.rows()].filter((r) => r.type === 'AlertRaised').map((r) => JSON.parse(r.payload));
      store.close();
      return alerts.map((a: { severity: string; code: string; message: string }) => [a.severity, a.code, a.message]);
    };
    expect(alertsAfter('killed by SIGKILL')).toEqual([
      ['warning', 'ENGINE_RESTARTED', 'The engine was restarted by its host after: killed by SIGKILL'],
    ]);
    const gaveUp = 'exited with code 1; gave up after 5 restarts in 60 s, trying again in 60 s';
    expect(alertsAfter(gaveUp)).toEqual([['critical', 'ENGINE_RESTARTED', `The engine was restarted by its host after: ${gaveUp}`]]);
  });

  it('answers service calls with validation errors that name the field', async () => {
    const { kernel, store } = backtestKernel();
    expect(await kernel.services.call('trading.halt', { reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('reason') },
    });
    expect(await kernel.services.call('market.bars', { instrumentId: 'SIM:ALPHA', limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    store.close();
  });
});
