import type { PreTradeCheck } from './check-context.ts';

export const venueConnectedCheck: PreTradeCheck = (c) =>
  c.venueConnected ? null : { reasonCode: 'VENUE_DISCONNECTED', detail: { venueConnected: 'no', instrumentId: c.order.instrumentId } };
