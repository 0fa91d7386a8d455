import type { CommandOf } from '../../shared/messages/commands.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';
import type { Venue } from '../venues/venue.ts';

/** The bus endpoint that takes SubmitOrder, CancelOrder and CancelAllOrders. */
export const PRE_TRADE_ENDPOINT = 'risk.pre-trade';

type GateCommand = CommandOf<'SubmitOrder'> | CommandOf<'CancelOrder'> | CommandOf<'CancelAllOrders'>;

/**
 * The door between orders and the venue (DESIGN.md §3: orders go through risk first). For now it
 * enforces the trading state — nothing new while HALTED or REDUCING — and cancels every open order
 * when trading halts; the risk manager's limit checks join it here. Denials are OrderDenied events
 * with a reason code, never exceptions. Cancels always pass.
 */
export class PreTradeGate extends Agent {
  private readonly venue: Venue;
  private readonly tradingState: () => TradingStatus;
  private unregister: (() => void) | null = null;

  constructor(ctx: AgentContext, venue: Venue, tradingState: () => TradingStatus) {
    super('risk.pre-trade', ctx);
    this.venue = venue;
    this.tradingState = tradingState;
  }

  protected override onStart(): void {
    this.unregister = this.ctx.bus.register<GateCommand>(PRE_TRADE_ENDPOINT, (cmd) => this.handle(cmd));
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
  }

  onTradingStateChanged(event: EventOf<'TradingStateChanged'>): void {
    if (event.to === 'HALTED') this.venue.cancelAll(`trading halted: ${event.reason}`);
  }

  private handle(cmd: GateCommand): void {
    if (cmd.type === 'CancelOrder') return this.venue.cancel(cmd.clientOrderId);
    if (cmd.type === 'CancelAllOrders') return this.venue.cancelAll(cmd.reason);
    const { state } = this.tradingState();
    const order = cmd.order;
    if (state !== 'ACTIVE') {
      const now = this.ctx.clock.now();
      this.publish({
        type: 'OrderDenied',
        tsEvent: now,
        tsInit: now,
        source: this.id,
        decisionId: cmd.decisionId,
        clientOrderId: order.clientOrderId,
        reasonCode: state === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING',
        detail: { state, instrumentId: order.instrumentId, side: order.side, quantity: order.quantity },
      });
      return;
    }
    this.venue.submit({
      clientOrderId: order.clientOrderId,
      instrumentId: order.instrumentId,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
      timeInForce: order.timeInForce,
      ...(cmd.decisionId ? { decisionId: cmd.decisionId } : {}),
    });
  }
}
