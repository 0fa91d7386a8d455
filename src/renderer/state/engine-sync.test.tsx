import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewUpdate } from '../../shared/contracts/views.ts';
import { EngineEventSchema, type EngineEvent } from '../../shared/messages/events.ts';
import type { EngineLink, LinkState } from '../link/engine-link.ts';
import { useAnalysis } from './analysis-store.ts';
import { startEngineSync } from './engine-sync.ts';
import { useMarket } from './market-store.ts';
import { useSession } from './session-store.ts';

/** A link the test drives: it pushes events, views and states as an engine port would. */
function drivenLink() {
  const listeners = {
    events: [] as ((e: EngineEvent) => void)[],
    views: [] as ((u: ViewUpdate) => void)[],
    states: [] as ((s: LinkState) => void)[],
  };
  const calls: string[] = [];
  const link: EngineLink = {
    kind: 'websocket',
    call: async (method) => {
      calls.push(method);
      if (method === 'system.info')
        return {
          version: '1',
          mode: 'paper',
          venueMode: 'sim',
          venue: 'simulated',
          feed: 'Simulated market',
          seed: 1,
          sessionId: 's',
          dataFile: 'f',
          startedAt: 0,
          nativeBook: true,
        };
      if (method === 'market.instruments')
        return [{ id: 'SIM:ALPHA', symbol: 'ALPHA', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 }];
      return [];
    },
    onEvent: (l) => (listeners.events.push(l), () => {}),
    onView: (l) => (listeners.views.push(l), () => {}),
    onHostStatus: () => () => {},
    onState: (l) => (listeners.states.push(l), () => {}),
    killSwitch: () => Promise.reject(new Error('not here')),
    start: () => {},
  };
  return {
    link,
    calls,
    event: (e: EngineEvent) => listeners.events.forEach((l) => l(e)),
    view: (u: ViewUpdate) => listeners.views.forEach((l) => l(u)),
    state: (s: LinkState) => listeners.states.forEach((l) => l(s)),
  };
}

const envelope = { tsEvent: 1_700_000_060_000, tsInit: 1_700_000_060_000, source: 'test' };
const bar = (ts: number) =>
  EngineEventSchema.parse({
    type: 'BarClosed',
    ...envelope,
    bar: { instrumentId: 'SIM:ALPHA', ts, intervalMs: 60_000, open: 100, high: 101, low: 99, close: 100.5, volume: 1_000 },
  });
const settle = async () => {
  await vi.advanceTimersByTimeAsync(250);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame', 'performance'] });
  useMarket.setState({ instruments: [], selected: null, bars: {}, tape: {}, depth: {} });
  useAnalysis.setState({ regimes: {}, signals: [] });
  useSession.setState({ error: null, trading: null });
});
afterEach(() => vi.useRealTimers());

describe('moving engine state into the stores', () => {
  it('asks for the snapshots no view carries once per engine port, and nothing after', async () => {
    const d = drivenLink();
    startEngineSync(d.link);
    d.state({ connection: 'open', epoch: 1, detail: '' });
    await settle();
    expect(d.calls.sort()).toEqual(['market.bars', 'market.instruments', 'market.trades', 'system.info']);
    d.calls.length = 0;
    for (let i = 0; i < 50; i++) d.event(bar(1_700_000_000_000 + i * 60_000));
    await settle();
    expect(d.calls).toEqual([]);
    expect(useMarket.getState().bars['SIM:ALPHA']).toHaveLength(50);
  });

  it('applies a frame’s bars before the regimes that refer to them', async () => {
    const d = drivenLink();
    startEngineSync(d.link);
    const regime = EngineEventSchema.parse({
      type: 'RegimeEstimated',
      ...envelope,
      instrumentId: 'SIM:ALPHA',
      probabilities: [0.9, 0.1],
      labels: ['calm', 'stressed'],
    });
    // Pushed regime first, bar second: the store still places the regime at the bar's opening time.
    d.event(regime);
    d.event(bar(1_700_000_000_000));
    await settle();
    expect(useAnalysis.getState().regimes['SIM:ALPHA']).toEqual([
      { ts: 1_700_000_000_000, label: 'calm', probabilities: [0.9, 0.1], labels: ['calm', 'stressed'] },
    ]);
  });

  it('applies the newest of each pushed view, and says so plainly when one is malformed or failed', async () => {
    const d = drivenLink();
    startEngineSync(d.link);
    d.view({ view: 'trading', data: { state: 'ACTIVE', reason: 'a', changedAt: 1 } });
    d.view({ view: 'trading', data: { state: 'HALTED', reason: 'the trader', changedAt: 2 } });
    await settle();
    expect(useSession.getState().trading).toMatchObject({ state: 'HALTED', reason: 'the trader' });
    d.view({ view: 'trading', data: { state: 'SIDEWAYS' } });
    await settle();
    expect(useSession.getState().error).toMatch(/^the engine sent a malformed trading view/);
    d.view({ view: 'journal', error: 'audit.recent: disk I/O error' });
    await settle();
    expect(useSession.getState().error).toBe('journal: audit.recent: disk I/O error');
  });
});
