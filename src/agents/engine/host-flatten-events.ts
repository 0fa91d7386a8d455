import { toPrice, toQuantity } from '../../shared/domain/branded.ts';
import type { Instrument } from '../../shared/domain/instrument.ts';
import type { BrokerEmergencyReport } from '../../shared/ipc/host-protocol.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';

const SOURCE = 'host.kill-switch';

/**
 * The host's flatten orders at the broker (sent on its own connection while the engine could not
 * be asked) as this journal's events: each order submitted and accepted, each execution IB reported
 * a fill with IB's commission, and what was not reported canceled (the next reconciliation compares
 * the rest with IB's positions). Without them the journal would still hold what the host closed.
 * An order on an instrument this session does not trade is left out (the alert names it).
 */
export function hostFlattenEvents(r: BrokerEmergencyReport, instruments: readonly Instrument[], now: number): EngineEvent[] {
  const events: EngineEvent[] = [];
  const stamp = { tsEvent: now, tsInit: now, source: SOURCE };
  for (const f of r.flattening) {
    const instrument = instruments.find((i) => i.symbol === f.symbol);
    if (!instrument) continue;
    const clientOrderId = `host-flatten-${f.orderId}`;
    const side = f.action === 'BUY' ? 'buy' : 'sell';
    events.push(
      {
        type: 'OrderSubmitted',
        ...stamp,
        order: {
          clientOrderId,
          instrumentId: instrument.id,
          side,
          type: 'market',
          quantity: toQuantity(f.quantity),
          timeInForce: 'day',
          status: 'submitted',
          filledQuantity: toQuantity(0),
          createdAt: now,
        },
      },
      { type: 'OrderAccepted', ...stamp, clientOrderId, venueOrderId: String(f.orderId) },
    );
    let filled = 0;
    for (const x of r.fills.filter((x) => x.orderId === f.orderId)) {
      filled += x.shares;
      events.push({
        type: 'OrderFilled',
        ...stamp,
        fill: {
          fillId: `${clientOrderId}-${x.execId}`,
          clientOrderId,
          instrumentId: instrument.id,
          side,
          price: toPrice(x.price, instrument.tickSize),
          quantity: toQuantity(x.shares),
          fee: x.commission,
          ts: now,
        },
        leavesQuantity: toQuantity(Math.max(0, f.quantity - filled)),
      });
    }
    if (filled < f.quantity)
      events.push({
        type: 'OrderCanceled',
        ...stamp,
        clientOrderId,
        leavesQuantity: toQuantity(f.quantity - filled),
        reason: 'the host closed its connection before IB reported the rest; the next reconciliation compares positions with IB',
      });
  }
  return events;
}
