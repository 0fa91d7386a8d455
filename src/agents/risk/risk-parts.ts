import type { RiskLimits, TradingState } from '../../shared/domain/risk.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { Clock } from '../engine/clock.ts';
import type { PortfolioTracker } from '../portfolio/portfolio-tracker.ts';
import type { Venue } from '../venues/venue.ts';

/**
 * What the risk manager's parts (the kill switch, the breaker monitor) share with it: they act
 * through the risk manager, so their events carry its name and stop when it stops.
 */
export interface RiskPartContext {
  clock: Clock;
  venue: Venue;
  portfolio: PortfolioTracker;
  tradingState: () => TradingStatus;
  limits: () => RiskLimits;
  /** Whether this session's market trades an instrument. */
  traded: (instrumentId: string) => boolean;
  publish: (event: EngineEvent) => void;
  dispatch: (command: EngineCommand) => void;
}

export const RESTRICTIVENESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };
