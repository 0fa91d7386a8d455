import type { ConsensusConfig } from '../../shared/domain/consensus.ts';
import { isShadowSignal, type Decision, type Signal, type Vote } from '../../shared/domain/signals.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext, type AgentState } from '../engine/agent.ts';
import type { CancelTimer } from '../engine/clock.ts';
import { AccuracyTracker, type TrackerState } from './accuracy-tracker.ts';
import { AgreementMatrix } from './agreement-matrix.ts';
import { agentWeight, weighVotes } from './weigh-votes.ts';

export const CONSENSUS_AGENT_ID = 'consensus.engine';

/**
 * An analyst that says which of its agent ids will vote on an instrument's bar closing at `barEnd`
 * (warm ones, voting models, the news analyst when there is recent news).
 */
export interface VoterSource {
  votersFor(instrumentId: string, barEnd: number): readonly string[];
}

/** The risk manager's say on an action: the reason it vetoes it, or null. */
export interface DecisionVeto {
  vetoDecision(instrumentId: string, action: 'buy' | 'sell'): string | null;
}

export interface ConsensusDeps {
  config: ConsensusConfig;
  voters: readonly VoterSource[];
  risk: DecisionVeto;
  /** Prefix of decision ids, unique per session. */
  decisionPrefix: string;
}

interface Cycle {
  instrumentId: string;
  ts: number;
  expected: readonly string[];
  signals: Map<string, Signal>;
  cancel: CancelTimer | null;
}

/**
 * One decision per instrument and bar (DESIGN.md §3, step 3). A cycle opens when a bar closes and
 * collects the analysts' signals for that bar; it closes when every expected voter has spoken or
 * after `cycleTimeoutMs`, recording the absent as missing. The vote is weighed with weights that
 * follow each agent's recent hit rate, the risk manager may veto, and `DecisionMade` records it all.
 */
export class ConsensusEngine extends Agent {
  private readonly deps: ConsensusDeps;
  private readonly config: ConsensusConfig;
  private accuracy: AccuracyTracker;
  private readonly agreement = new AgreementMatrix();
  private cycles = new Map<string, Cycle>();
  private latest = new Map<string, Decision>();

  constructor(ctx: AgentContext, deps: ConsensusDeps) {
    super(CONSENSUS_AGENT_ID, ctx);
    this.deps = deps;
    this.config = deps.config;
    this.accuracy = new AccuracyTracker(deps.config.accuracyHalfLife);
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    const { bar } = e;
    const end = bar.ts + bar.intervalMs;
    // The previous cycle is decided before this bar scores anything, whether its deadline or this
    // bar came first: a decision must not depend on timing (replay relies on it).
    const open = this.cycles.get(bar.instrumentId);
    if (open) this.decide(open);
    this.accuracy.onBar(bar.instrumentId, end, bar.close);
    // A loop, not flatMap: this runs for every bar of every instrument, and V8's flatMap is generic.
    const expected: string[] = [];
    for (const voters of this.deps.voters) for (const id of voters.votersFor(bar.instrumentId, end)) expected.push(id);
    const cycle: Cycle = {
      instrumentId: bar.instrumentId,
      ts: end,
      expected,
      signals: new Map(),
      cancel: null,
    };
    this.cycles.set(bar.instrumentId, cycle);
    cycle.cancel = this.ctx.clock.after(
      this.config.cycleTimeoutMs,
      () => this.cycles.get(cycle.instrumentId) === cycle && this.decide(cycle),
    );
  }

  onSignalEmitted(e: EventOf<'SignalEmitted'>): void {
    const s = e.signal;
    const cycle = this.cycles.get(s.instrumentId);
    if (!cycle || cycle.ts !== s.ts || cycle.signals.has(s.agentId)) return;
    cycle.signals.set(s.agentId, s);
    this.accuracy.track(s);
    if (cycle.expected.every((id) => cycle.signals.has(id))) this.decide(cycle);
  }

  /** The newest decision per instrument. */
  latestDecisions(): Decision[] {
    return [...this.latest.values()];
  }

  agreementMatrix() {
    return this.agreement.snapshot();
  }

  /** Each agent's scored accuracy and the weight it votes with now. */
  weights(): { agentId: string; hitRate: number | null; scored: number; weight: number }[] {
    return this.accuracy.all().map((a) => ({ ...a, weight: agentWeight(this.startWeight(a.agentId), a.hitRate, this.config) }));
  }

  /** Accuracy, agreement and the latest decisions; a cycle still open is decided when the next bar closes, or lost on restart. */
  override saveState(): AgentState {
    return JSON.parse(
      JSON.stringify({ accuracy: this.accuracy.save(), agreement: this.agreement.save(), latest: [...this.latest.values()] }),
    ) as AgentState;
  }

  override loadState(state: AgentState): void {
    const s = state as unknown as { accuracy: TrackerState; agreement: ReturnType<AgreementMatrix['save']>; latest: Decision[] };
    this.onReset();
    this.accuracy.load(s.accuracy);
    this.agreement.load(s.agreement);
    this.latest = new Map(s.latest.map((d) => [d.instrumentId, d]));
  }

  protected override onReset(): void {
    this.dropCycles();
    this.latest = new Map();
    this.accuracy = new AccuracyTracker(this.config.accuracyHalfLife);
    this.agreement.clear();
  }

  protected override onStop(): void {
    this.dropCycles();
  }

  private dropCycles(): void {
    for (const c of this.cycles.values()) c.cancel?.();
    this.cycles = new Map();
  }

  private startWeight(agentId: string): number {
    return this.config.weights[agentId] ?? this.config.defaultWeight;
  }

  private decide(cycle: Cycle): void {
    cycle.cancel?.();
    this.cycles.delete(cycle.instrumentId);
    // The voters expected and any that voted unasked, each once, sorted (a handful: `includes` is the cheap set).
    const ids: string[] = [];
    for (const id of cycle.expected) if (!ids.includes(id)) ids.push(id);
    for (const id of cycle.signals.keys()) if (!ids.includes(id)) ids.push(id);
    ids.sort();
    const votes: Vote[] = ids.map((agentId) => {
      const signal = cycle.signals.get(agentId) ?? null;
      const weight =
        signal && isShadowSignal(signal) ? 0 : agentWeight(this.startWeight(agentId), this.accuracy.accuracy(agentId).hitRate, this.config);
      return signal
        ? { agentId, weight, signal }
        : { agentId, weight, signal, missingReason: `no signal within ${this.config.cycleTimeoutMs} ms of the bar` };
    });
    if (votes.length === 0) return;
    const weighed = weighVotes(votes, this.config);
    const vetoedBy = weighed.action === 'hold' ? null : this.deps.risk.vetoDecision(cycle.instrumentId, weighed.action);
    const decisionId = `${this.deps.decisionPrefix}:${cycle.instrumentId}:${cycle.ts}`;
    // Built field by field, not with spreads (a copy of an object per decision): the keys in the same
    // order as before, so the journal's records are the same.
    const decision = {
      decisionId,
      instrumentId: cycle.instrumentId as Decision['instrumentId'],
      votes,
      score: weighed.score,
      action: vetoedBy ? 'hold' : weighed.action,
    } as Decision;
    if (vetoedBy) decision.vetoedBy = vetoedBy;
    if (weighed.noQuorum) decision.holdReason = weighed.noQuorum;
    decision.ts = cycle.ts;
    this.agreement.record(votes);
    this.latest.set(cycle.instrumentId, decision);
    this.publish({ type: 'DecisionMade', tsEvent: cycle.ts, tsInit: this.ctx.clock.now(), source: this.id, decisionId, decision });
  }
}
