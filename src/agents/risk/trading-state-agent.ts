import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import type { TradingState } from '../../shared/domain/risk.ts';
import type { CommandOf } from '../../shared/messages/commands.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';

/** The bus endpoint that takes HaltTrading and ResumeTrading. */
export const TRADING_STATE_ENDPOINT = 'risk.trading-state';

/**
 * Owns the trading state (ACTIVE / REDUCING / HALTED). Halting always succeeds; resuming is only
 * ever an explicit command. Each change is a TradingStateChanged event, which the store journals
 * and projects, so a restart comes back in the state it left.
 */
export class TradingStateAgent extends Agent {
  private status: TradingStatus;
  private readonly initial: TradingStatus;
  private unregister: (() => void) | null = null;

  constructor(ctx: AgentContext, initial: TradingStatus) {
    super('risk.trading-state', ctx);
    this.initial = initial;
    this.status = initial;
  }

  get current(): TradingStatus {
    return this.status;
  }

  protected override onStart(): void {
    this.unregister = this.ctx.bus.register(
      TRADING_STATE_ENDPOINT,
      (cmd: CommandOf<'HaltTrading'> | CommandOf<'ReduceTrading'> | CommandOf<'ResumeTrading'>) => {
        if (cmd.type === 'HaltTrading') this.moveTo('HALTED', cmd.reason, cmd.decisionId);
        else if (cmd.type === 'ResumeTrading') this.moveTo('ACTIVE', cmd.reason, cmd.decisionId);
        // Reducing never loosens a halt.
        else if (this.status.state === 'ACTIVE') this.moveTo('REDUCING', cmd.reason, cmd.decisionId);
      },
    );
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
  }

  protected override onReset(): void {
    this.status = this.initial;
  }

  override saveState(): AgentState {
    return { ...this.status };
  }

  override loadState(state: AgentState): void {
    this.status = state as unknown as TradingStatus;
  }

  private moveTo(to: TradingState, reason: string, decisionId: string | undefined): void {
    const from = this.status.state;
    if (from === to) return;
    const now = this.ctx.clock.now();
    this.status = { state: to, reason, changedAt: now };
    this.publish({ type: 'TradingStateChanged', tsEvent: now, tsInit: now, source: this.id, decisionId, from, to, reason });
  }
}
