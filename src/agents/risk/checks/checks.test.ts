import { describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/domain/orders.ts';
import { DEFAULT_RISK_LIMITS } from '../../../shared/domain/risk.ts';
import type { PortfolioSnapshot } from '../../portfolio/portfolio-tracker.ts';
import { PRE_TRADE_CHECKS, type CheckContext, type PreTradeCheck } from './index.ts';

const NOW = 1_700_000_000_000;
const order = (over: Partial<Order> = {}): Order =>
  ({
    clientOrderId: 'O1',
    instrumentId: 'SIM:ALPHA',
    side: 'buy',
    type: 'limit',
    quantity: 100,
    limitPrice: 100,
    timeInForce: 'gtc',
    status: 'initialized',
    filledQuantity: 0,
    createdAt: NOW,
    ...over,
  }) as Order;
const portfolio = (over: Partial<PortfolioSnapshot> = {}): PortfolioSnapshot => ({
  startingCash: 1e6,
  cash: 1e6,
  fees: 0,
  equity: 1e6,
  grossExposure: 0,
  netExposure: 0,
  dailyPnl: 0,
  dayStartEquity: 1e6,
  peakEquity: 1e6,
  drawdown: 0,
  positions: [],
  ...over,
});
function ctx(over: Partial<CheckContext> = {}): CheckContext {
  return {
    order: order(),
    flatten: false,
    limits: DEFAULT_RISK_LIMITS,
    state: 'ACTIVE',
    holding: { quantity: 0, averagePrice: 0, realizedPnl: 0 },
    portfolio: portfolio(),
    mark: { price: 100, ts: NOW - 100 },
    atr: 1,
    now: NOW,
    openOrders: [],
    markOf: (id) => (id === 'SIM:PENNY' ? 1 : null),
    venueConnected: true,
    isKnownClientOrderId: () => false,
    sentAt: [],
    ...over,
  };
}
const check = (name: string): PreTradeCheck => PRE_TRADE_CHECKS.find((c) => c.name === name)!.check;
const long = (q: number, price = 100) => ({
  holding: { quantity: q, averagePrice: price, realizedPnl: 0 },
  portfolio: portfolio({
    grossExposure: Math.abs(q * price),
    netExposure: q * price,
    positions: [
      {
        instrumentId: 'SIM:ALPHA',
        quantity: q,
        averagePrice: price,
        mark: price,
        markTs: NOW,
        marketValue: q * price,
        unrealizedPnl: 0,
        realizedPnl: 0,
      },
    ],
  }),
});

describe.each([
  ['trading state', ctx(), ctx({ state: 'HALTED' }), 'TRADING_HALTED'],
  [
    'trading state',
    ctx({ state: 'REDUCING', ...long(500), order: order({ side: 'sell', quantity: 200 as never }) }),
    ctx({ state: 'REDUCING', ...long(500) }),
    'TRADING_REDUCING',
  ],
  [
    'trading state',
    ctx({ state: 'HALTED', flatten: true, ...long(500), order: order({ side: 'sell', quantity: 500 as never }) }),
    ctx({ state: 'HALTED', flatten: true, ...long(500), order: order({ side: 'sell', quantity: 600 as never }) }),
    'TRADING_HALTED',
  ],
  ['duplicate client order id', ctx(), ctx({ isKnownClientOrderId: (id) => id === 'O1' }), 'DUPLICATE_CLIENT_ORDER_ID'],
  ['venue connected', ctx(), ctx({ venueConnected: false }), 'VENUE_DISCONNECTED'],
  ['market data', ctx(), ctx({ mark: { price: 100, ts: NOW - 60_000 } }), 'STALE_MARKET_DATA'],
  ['market data', ctx(), ctx({ mark: null }), 'NO_MARKET_DATA'],
  ['order quantity', ctx(), ctx({ order: order({ quantity: 10_001 as never, limitPrice: 1 as never }) }), 'MAX_ORDER_QUANTITY'],
  ['order quantity', ctx(), ctx({ order: order({ quantity: 0 as never }) }), 'QUANTITY_NOT_POSITIVE'],
  ['order notional', ctx(), ctx({ order: order({ quantity: 3_000 as never }) }), 'MAX_ORDER_NOTIONAL'],
  ['price band', ctx({ order: order({ limitPrice: 104.9 as never }) }), ctx({ order: order({ limitPrice: 106 as never }) }), 'PRICE_BAND'],
  [
    'price band',
    ctx({ limits: { ...DEFAULT_RISK_LIMITS, priceBandAtr: 3 }, order: order({ limitPrice: 102.9 as never }) }),
    ctx({ limits: { ...DEFAULT_RISK_LIMITS, priceBandAtr: 3 }, order: order({ limitPrice: 103.5 as never }) }),
    'PRICE_BAND_ATR',
  ],
  ['position', ctx({ ...long(19_000) }), ctx({ ...long(19_950) }), 'MAX_POSITION'],
  ['gross exposure', ctx(), ctx({ portfolio: portfolio({ grossExposure: 1_995_000 }) }), 'MAX_GROSS_EXPOSURE'],
  ['net exposure', ctx(), ctx({ portfolio: portfolio({ netExposure: 995_000 }) }), 'MAX_NET_EXPOSURE'],
  ['concentration', ctx({ ...long(4_000) }), ctx({ ...long(4_950) }), 'CONCENTRATION'],
  ['buying power', ctx(), ctx({ portfolio: portfolio({ equity: 100_000, grossExposure: 195_000 }) }), 'BUYING_POWER'],
  // An open market order of another instrument counts at that instrument's price, not this order's.
  [
    'buying power',
    ctx({
      portfolio: portfolio({ equity: 100_000 }),
      openOrders: [
        {
          ...order({ clientOrderId: 'p', instrumentId: 'SIM:PENNY' as never, quantity: 150_000 as never, type: 'market' }),
          limitPrice: undefined,
        } as never,
      ],
    }),
    ctx({ portfolio: portfolio({ equity: 100_000 }), openOrders: [order({ clientOrderId: 'a', quantity: 1_950 as never })] }),
    'BUYING_POWER',
  ],
  ['order rate', ctx({ sentAt: Array(9).fill(NOW - 10) }), ctx({ sentAt: Array(10).fill(NOW - 10) }), 'ORDER_RATE_SECOND'],
  ['order rate', ctx({ sentAt: Array(199).fill(NOW - 30_000) }), ctx({ sentAt: Array(200).fill(NOW - 30_000) }), 'ORDER_RATE_MINUTE'],
] as const)('%s check', (name, passing, denied, code) => {
  it(`passes an order within the limit`, () => expect(check(name)(passing)).toBeNull());
  it(`denies with ${code} and the numbers that failed`, () => {
    const denial = check(name)(denied);
    expect(denial?.reasonCode).toBe(code);
    expect(Object.keys(denial!.detail).length).toBeGreaterThan(0);
  });
});
