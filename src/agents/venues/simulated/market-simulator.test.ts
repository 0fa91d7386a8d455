import { describe, expect, it } from 'vitest';
import type { InstrumentId } from '../../../shared/domain/instrument.ts';
import type { EngineEvent } from '../../../shared/messages/events.ts';
import { orderBooks } from '../../../native/index.ts';
import type { AgentContext } from '../../engine/agent.ts';
import { describeAgentContract, makeWorld } from '../../engine/agent-contract.test-helper.ts';
import { MarketSimulator } from './market-simulator.ts';
import { SimulatedExchange } from './simulated-exchange.ts';
import { SIMULATED_INSTRUMENTS } from './sim-instruments.ts';

const startPrices = Object.fromEntries(SIMULATED_INSTRUMENTS.map((i) => [i.instrument.id, i.startPrice]));
const harness = {
  name: 'MarketSimulator',
  create: (ctx: AgentContext) =>
    new MarketSimulator(ctx, {
      exchange: new SimulatedExchange(
        SIMULATED_INSTRUMENTS.map((i) => i.instrument),
        orderBooks(undefined, () => {}),
      ),
      startPrices,
      stepMs: 100,
      barIntervalMs: 1_000,
    }),
  step: (w: { clock: { advanceBy(ms: number): void } }) => w.clock.advanceBy(1_000),
};

describeAgentContract(harness, 30);

describe('the market simulator', () => {
  it('makes a market that follows its fair price, with bars built from real prints', () => {
    const world = makeWorld(harness, 9);
    world.agent.start();
    for (let s = 0; s < 600; s++) world.clock.advanceBy(1_000);
    const events = world.outputs as EngineEvent[];
    const alpha = 'SIM:ALPHA' as InstrumentId;
    const bars = events.flatMap((e) => (e.type === 'BarClosed' && e.bar.instrumentId === alpha ? [e.bar] : []));
    const prints = events.filter((e) => e.type === 'TradePrinted' && e.instrumentId === alpha);
    expect(bars).toHaveLength(600);
    expect(prints.length).toBeGreaterThan(1000);
    for (const b of bars) {
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    }
    expect(bars.reduce((v, b) => v + b.volume, 0)).toBeGreaterThan(0);
    expect(new Set(bars.map((b) => b.close)).size).toBeGreaterThan(50);
    // The book's mid stays within a few ticks of the latent fair price.
    const book = (world.agent as MarketSimulator)['config'].exchange.book(alpha);
    const mid = (book.bestBid()!.price + book.bestAsk()!.price) / 2 / 100;
    expect(Math.abs(mid - world.agent.fairPrice(alpha)) / world.agent.fairPrice(alpha)).toBeLessThan(0.002);
    expect(book.bestBid()!.price).toBeLessThan(book.bestAsk()!.price);
  });
});
