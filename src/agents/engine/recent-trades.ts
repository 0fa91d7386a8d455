import type { TapePrint } from '../../shared/contracts/market.contract.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { MessageBus } from './message-bus.ts';

/** The last prints of each instrument, kept for the tape of a UI that (re)connects. */
export class RecentTrades {
  private readonly byInstrument = new Map<string, TapePrint[]>();
  private readonly capacity: number;

  constructor(bus: MessageBus, capacity = 500) {
    this.capacity = capacity;
    bus.subscribe<EventOf<'TradePrinted'>>('TradePrinted', (e) => this.add(e));
  }

  latest(instrumentId: string, limit: number): TapePrint[] {
    return (this.byInstrument.get(instrumentId) ?? []).slice(-limit);
  }

  private add(e: EventOf<'TradePrinted'>): void {
    let list = this.byInstrument.get(e.instrumentId);
    if (!list) this.byInstrument.set(e.instrumentId, (list = []));
    list.push({ ts: e.tsEvent, price: e.price, quantity: e.quantity, aggressor: e.aggressor, ours: e.ours });
    if (list.length > this.capacity * 2) list.splice(0, list.length - this.capacity);
  }
}
