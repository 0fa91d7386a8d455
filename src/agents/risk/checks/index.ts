import type { PreTradeCheck } from './check-context.ts';
import { duplicateOrderIdCheck } from './duplicate-order-id.check.ts';
import { buyingPowerCheck, concentrationCheck, grossExposureCheck, netExposureCheck } from './exposure.check.ts';
import { orderRateCheck } from './order-rate.check.ts';
import { orderNotionalCheck, orderQuantityCheck } from './order-size.check.ts';
import { positionCheck } from './position.check.ts';
import { priceBandCheck } from './price-band.check.ts';
import { staleDataCheck } from './stale-data.check.ts';
import { tradingStateCheck } from './trading-state.check.ts';
import { venueConnectedCheck } from './venue-connected.check.ts';

export * from './check-context.ts';

/** Every pre-trade check, in the order they run; the first denial stops the order. */
export const PRE_TRADE_CHECKS: readonly { name: string; check: PreTradeCheck }[] = [
  { name: 'trading state', check: tradingStateCheck },
  { name: 'duplicate client order id', check: duplicateOrderIdCheck },
  { name: 'venue connected', check: venueConnectedCheck },
  { name: 'market data', check: staleDataCheck },
  { name: 'order quantity', check: orderQuantityCheck },
  { name: 'order notional', check: orderNotionalCheck },
  { name: 'price band', check: priceBandCheck },
  { name: 'position', check: positionCheck },
  { name: 'gross exposure', check: grossExposureCheck },
  { name: 'net exposure', check: netExposureCheck },
  { name: 'concentration', check: concentrationCheck },
  { name: 'buying power', check: buyingPowerCheck },
  { name: 'order rate', check: orderRateCheck },
];
