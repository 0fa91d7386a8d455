import type { OptimizerConfig, Target } from '../../shared/domain/consensus.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { periodsPerYear } from '../../shared/math/periods-per-year.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';
import type { CancelTimer } from '../engine/clock.ts';
import { AlignedReturns } from './aligned-returns.ts';
import { optimizeBook } from './optimizer/optimize-book.ts';

export const OPTIMIZER_AGENT_ID = 'portfolio.optimizer';

/** The book's weights now (position × mark / equity): the portfolio tracker. */
export interface WeightBook {
  weightOf(instrumentId: string): number;
}

export interface OptimizerDeps {
  config: OptimizerConfig;
  book: WeightBook;
  /** Re-optimise every this many bars even when no stance changed (covariances drift). */
  rebalanceEveryBars?: number;
  /**
   * How long after a bar's first decision the others may still come (the consensus deadline). The
   * book is re-optimised once every instrument's decision on the bar is in, or when this runs out
   * (an instrument without that bar) — not after each decision: a rebalance on the first sized the
   * rest on their previous stances and prices, and the next decision's rebalance traded again (a
   * quarter of the orders of two instruments over 20 years).
   */
  decisionWaitMs?: number;
}

/** The decisions of one bar as they come in: who has decided, and whether the book is to be re-optimised. */
interface Round {
  ts: number;
  decided: Set<string>;
  rebalance: { decisionId: string; ts: number } | null;
  cancel: CancelTimer | null;
}

/**
 * Turns decisions into target weights (DESIGN.md §3, step 3). A buy or sell decision sets the
 * instrument's stance (its signed score); a hold keeps it. When a stance changes, or every
 * `rebalanceEveryBars`, the book is optimised by the configured method on the Ledoit–Wolf
 * covariance of recent returns, and `TargetsSet` is published unless every weight moved less than
 * the no-trade band (opening, closing or flipping a position always passes: the band is against churn).
 */
export class PortfolioOptimizer extends Agent {
  private readonly deps: OptimizerDeps;
  private returns: AlignedReturns;
  private stances = new Map<string, number>();
  private targets = new Map<string, number>();
  private barsSince = 0;
  /** Each instrument's latest decision: the one its orders trace back to. */
  private decisions = new Map<string, string>();
  private round: Round | null = null;

  constructor(ctx: AgentContext, deps: OptimizerDeps) {
    super(OPTIMIZER_AGENT_ID, ctx);
    this.deps = deps;
    this.returns = new AlignedReturns(deps.config.lookback);
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    const { bar } = e;
    this.returns.add(bar.instrumentId, bar.ts, bar.close, bar.intervalMs);
  }

  onDecisionMade(e: EventOf<'DecisionMade'>): void {
    const d = e.decision;
    // A decision on a later bar: the previous bar's decisions are all the optimizer will get.
    if (this.round && this.round.ts !== d.ts) this.closeRound();
    const round = this.round ?? this.openRound(d.ts);
    round.decided.add(d.instrumentId);
    const before = this.stances.get(d.instrumentId) ?? 0;
    const stance = d.action === 'buy' ? Math.abs(d.score) : d.action === 'sell' ? -Math.abs(d.score) : before;
    this.stances.set(d.instrumentId, stance);
    this.decisions.set(d.instrumentId, d.decisionId);
    this.barsSince++;
    const every = (this.deps.rebalanceEveryBars ?? 20) * Math.max(1, this.returns.size);
    if (Math.sign(stance) !== Math.sign(before) || this.barsSince >= every) {
      this.barsSince = 0;
      round.rebalance = { decisionId: d.decisionId, ts: e.tsEvent };
    }
    if (round.decided.size >= this.returns.size) this.closeRound();
    // Others are still to decide on this bar: wait for them until the deadline (one timer a round).
    else round.cancel ??= this.ctx.clock.after(this.deps.decisionWaitMs ?? 0, () => this.round === round && this.closeRound());
  }

  private openRound(ts: number): Round {
    return (this.round = { ts, decided: new Set(), rebalance: null, cancel: null });
  }

  private closeRound(): void {
    const round = this.round!;
    this.round = null;
    round.cancel?.();
    if (round.rebalance) this.rebalance(round.rebalance.decisionId, round.rebalance.ts);
  }

  /** The weights last published, per instrument. */
  currentTargets(): Map<string, number> {
    return new Map(this.targets);
  }

  override saveState(): AgentState {
    return {
      returns: this.returns.save(),
      stances: Object.fromEntries(this.stances),
      targets: Object.fromEntries(this.targets),
      decisions: Object.fromEntries(this.decisions),
      barsSince: this.barsSince,
    };
  }

  override loadState(state: AgentState): void {
    const s = state as unknown as {
      returns?: AgentState;
      /** Checkpoints from before the aligned timeline: each instrument's own latest returns. */
      series?: Record<string, { returns: number[]; count: number; lastClose: number; intervalMs: number }>;
      stances: Record<string, number>;
      targets: Record<string, number>;
      decisions?: Record<string, string>;
      barsSince: number;
    };
    this.returns = new AlignedReturns(this.deps.config.lookback);
    if (s.returns) this.returns.load(s.returns);
    else if (s.series) this.returns.loadPerInstrument(s.series);
    this.stances = new Map(Object.entries(s.stances));
    this.targets = new Map(Object.entries(s.targets));
    this.decisions = new Map(Object.entries(s.decisions ?? {}));
    this.barsSince = s.barsSince;
  }

  protected override onReset(): void {
    this.returns = new AlignedReturns(this.deps.config.lookback);
    this.stances = new Map();
    this.targets = new Map();
    this.decisions = new Map();
    this.round?.cancel?.();
    this.round = null;
    this.barsSince = 0;
  }

  private rebalance(decisionId: string, ts: number): void {
    const ids = this.returns.ids();
    const result = optimizeBook(this.deps.config, {
      stances: ids.map((id) => this.stances.get(id) ?? 0),
      returns: this.returns.matrix(ids),
      current: ids.map((id) => this.deps.book.weightOf(id)),
      periodsPerYear: periodsPerYear(this.returns.intervalMs(ids[0]!)),
    });
    if (!result.ok) {
      this.ctx.log.debug({ error: result.error }, 'optimizer skipped a rebalance');
      return;
    }
    const band = this.deps.config.noTradeBand;
    const moved = ids.some((id, i) => {
      const was = this.targets.get(id) ?? 0;
      const w = result.weights[i]!;
      return Math.abs(w - was) > band || Math.sign(w) !== Math.sign(was);
    });
    if (!moved) return;
    const targets: Target[] = ids.map((id, i) => {
      const decision = this.decisions.get(id);
      return {
        instrumentId: id as InstrumentId,
        weight: result.weights[i]!,
        price: this.returns.lastClose(id),
        ...(decision ? { decisionId: decision } : {}),
      };
    });
    for (const t of targets) this.targets.set(t.instrumentId, t.weight);
    this.publish({
      type: 'TargetsSet',
      tsEvent: ts,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      decisionId,
      targets: { method: this.deps.config.method, targets, ts },
    });
  }
}
