import { reducesPosition, type Denial, type PreTradeCheck } from './check-context.ts';

/** HALTED lets nothing through but kill-switch flatten orders; REDUCING only risk-reducing orders. */
export const tradingStateCheck: PreTradeCheck = (c): Denial | null => {
  if (c.state === 'HALTED' && !(c.flatten && reducesPosition(c))) return { reasonCode: 'TRADING_HALTED', detail: { state: c.state } };
  if (c.state === 'REDUCING' && !reducesPosition(c)) {
    return {
      reasonCode: 'TRADING_REDUCING',
      detail: { state: c.state, position: c.holding.quantity, orderQuantity: c.order.quantity, side: c.order.side },
    };
  }
  return null;
};
