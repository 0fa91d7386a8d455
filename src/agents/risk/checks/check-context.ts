import type { Order } from '../../../shared/domain/orders.ts';
import type { RiskLimits, TradingState } from '../../../shared/domain/risk.ts';
import type { Holding } from '../../portfolio/position-math.ts';
import type { PortfolioSnapshot } from '../../portfolio/portfolio-tracker.ts';

/** Everything a pre-trade check may look at; built once per order by the risk manager. */
export interface CheckContext {
  order: Order;
  flatten: boolean;
  limits: RiskLimits;
  state: TradingState;
  holding: Holding;
  portfolio: PortfolioSnapshot;
  /** Last price and when we received it, or null if none yet. */
  mark: { price: number; ts: number } | null;
  now: number;
  openOrders: readonly Order[];
  /** The last price of any instrument (open orders of other instruments are valued at their own). */
  markOf: (instrumentId: string) => number | null;
  venueConnected: boolean;
  isKnownClientOrderId: (id: string) => boolean;
  /** Wilder's ATR(14) of the instrument's bars, or null before 14 bars. */
  atr: number | null;
  /** When earlier orders were sent to the venue, oldest first. */
  sentAt: readonly number[];
}

/** A denial: a stable reason code and the numbers that failed. */
export interface Denial {
  reasonCode: string;
  detail: Record<string, number | string>;
}

export type PreTradeCheck = (c: CheckContext) => Denial | null;

export const signedQuantity = (o: Order) => (o.side === 'buy' ? o.quantity : -o.quantity);

/** The price an order is valued at: its limit, else its stop (where a stop order trades once set off), else the last price. */
export const orderPrice = (c: CheckContext) => c.order.limitPrice ?? c.order.stopPrice ?? c.mark?.price ?? null;

/** True if the order only brings the position closer to zero, never through it. */
export function reducesPosition(c: CheckContext): boolean {
  const q = c.holding.quantity;
  const s = signedQuantity(c.order);
  return q !== 0 && Math.sign(s) === -Math.sign(q) && Math.abs(s) <= Math.abs(q);
}

/** Position value of the order's instrument after the order fills. */
export function positionValueAfter(c: CheckContext, price: number): number {
  return (c.holding.quantity + signedQuantity(c.order)) * price;
}
