import { quietVenue } from '../venues/quiet-venue.test-helper.ts';
import { describe, expect, it } from 'vitest';
import type { Price, Quantity } from '../../shared/domain/branded.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../shared/domain/risk.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import { RiskManager } from './risk-manager.ts';
import { TRADING_STATE_ENDPOINT, TradingStateAgent } from './trading-state-agent.ts';

// The breakers that stop trading, each tripped the way it happens: fills build a position, prices
// move it, and the trading state and the alert follow (issue 16: they had no test at all).

function session(limits: Partial<RiskLimits> = {}) {
  const bus = new MessageBus();
  const clock = new TestClock(Date.UTC(2026, 0, 5, 14));
  const events: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => events.push(e));
  const dispatch = (c: EngineCommand) => bus.send(TRADING_STATE_ENDPOINT, c);
  const ctx = (id: string) => ({ bus, clock, random: new SeededRandom(id.length), log: silentLogger, dispatch });
  const state = new TradingStateAgent(ctx('state'), { state: 'ACTIVE', reason: 'test', changedAt: 0 });
  const portfolio = new PortfolioTracker(ctx('portfolio'), { holdings: new Map(), cash: 1_000_000, fees: 0, startingCash: 1_000_000 });
  const risk = new RiskManager(ctx('risk'), {
    venue: quietVenue(),
    portfolio,
    tradingState: state,
    limits: { ...DEFAULT_RISK_LIMITS, ...limits },
    isKnownClientOrderId: () => false,
    // As in a paper session: breakers are judged every second, and on every bar and fill.
    breakerTimerMs: 1_000,
  });
  for (const a of [state, portfolio, risk]) a.start();
  let n = 0;
  const fill = (instrumentId: string, side: 'buy' | 'sell', quantity: number, price: number) => {
    const now = clock.now();
    bus.publish('OrderFilled', {
      type: 'OrderFilled',
      tsEvent: now,
      tsInit: now,
      source: 'venue',
      fill: {
        fillId: `F${++n}`,
        clientOrderId: `C${n}`,
        instrumentId: instrumentId as never,
        side,
        price: price as Price,
        quantity: quantity as Quantity,
        fee: 0,
        ts: now,
      },
      leavesQuantity: 0 as Quantity,
    });
  };
  /** A trade prints at `price`, then a second passes (the breakers' timer runs). */
  const trade = (instrumentId: string, price: number) => {
    const now = clock.now();
    bus.publish('TradePrinted', {
      type: 'TradePrinted',
      tsEvent: now,
      tsInit: now,
      source: 'market',
      instrumentId: instrumentId as never,
      price,
      quantity: 1,
      aggressor: 'sell',
      ours: false,
    });
    clock.advanceBy(1_000);
  };
  const alerts = () => events.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised');
  const changes = () => events.filter((e): e is EventOf<'TradingStateChanged'> => e.type === 'TradingStateChanged');
  return { fill, trade, state, portfolio, alerts, changes };
}

describe('circuit breakers tripped through fills and prices', () => {
  it('daily loss: 2,500 shares bought at 100 and marked down 9 % lose 2.25 % of the day → HALTED', () => {
    const s = session();
    s.trade('SIM:ALPHA', 100);
    s.fill('SIM:ALPHA', 'buy', 2_500, 100);
    s.trade('SIM:ALPHA', 95);
    expect(s.state.current.state).toBe('ACTIVE');
    s.trade('SIM:ALPHA', 91);
    expect(s.state.current.state).toBe('HALTED');
    expect(s.alerts().map((a) => a.code)).toContain('BREAKER_DAILYLOSS');
    const alert = s.alerts().find((a) => a.code === 'BREAKER_DAILYLOSS')!;
    expect(alert).toMatchObject({ severity: 'critical', detail: { dailyPnl: -22_500, limit: 20_000 } });
    expect(s.changes().at(-1)).toMatchObject({ from: 'ACTIVE', to: 'HALTED', reason: alert.message });
  });

  it('drawdown: a loss over days beyond 10 % from the peak → HALTED, though no single day breached its limit', () => {
    const s = session({ dailyLossLimitPercent: 50 });
    s.trade('SIM:ALPHA', 100);
    s.fill('SIM:ALPHA', 'buy', 4_000, 100);
    for (const price of [95, 90, 85, 80]) {
      s.trade('SIM:ALPHA', price);
      expect(s.state.current.state).toBe('ACTIVE');
    }
    s.trade('SIM:ALPHA', 74);
    expect(s.portfolio.snapshot().drawdown).toBeCloseTo(0.104, 3);
    expect(s.state.current.state).toBe('HALTED');
    expect(s.alerts().map((a) => a.code)).toEqual(['BREAKER_DRAWDOWN']);
    expect(s.alerts()[0]!.message).toBe('Drawdown 10.4 % from the peak is beyond the 10 % limit');
  });

  it('concentration: one instrument rising to 53 % of equity → REDUCING', () => {
    const s = session();
    s.trade('SIM:BRAVO', 50);
    s.fill('SIM:BRAVO', 'buy', 9_000, 50);
    expect(s.state.current.state).toBe('ACTIVE');
    s.trade('SIM:BRAVO', 70);
    expect(s.state.current.state).toBe('REDUCING');
    const alert = s.alerts().find((a) => a.code === 'BREAKER_CONCENTRATION')!;
    // 9,000 × 70 = 630,000 of an equity of 1,180,000.
    expect(alert.message).toBe('SIM:BRAVO is 53.39 % of equity, above the 50 % limit');
    expect(s.changes().map((c) => c.to)).toEqual(['REDUCING']);
  });
});
