import type { TradingState } from '../../shared/domain/risk.ts';

/** The risk manager's agent id, which a veto names. */
export const RISK_MANAGER_ID = 'risk.manager';

/**
 * The risk manager's veto over a consensus decision, before any order exists: nothing while HALTED,
 * and while REDUCING nothing that would grow the position. Null when it may go ahead.
 */
export function decisionVeto(status: { state: TradingState; reason: string }, position: number, action: 'buy' | 'sell'): string | null {
  if (status.state === 'HALTED') return `${RISK_MANAGER_ID}: trading is HALTED (${status.reason})`;
  const grows = action === 'buy' ? position >= 0 : position <= 0;
  if (status.state === 'REDUCING' && grows)
    return `${RISK_MANAGER_ID}: trading is REDUCING (${status.reason}); a ${action} would grow the position`;
  return null;
}
