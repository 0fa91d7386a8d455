import { ConsensusConfigSchema } from '../../shared/domain/consensus.ts';
import type { Decision } from '../../shared/domain/signals.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { TechnicalAnalyst, TECHNICAL_AGENT_ID } from '../analysts/technical/technical-analyst.ts';
import { ConsensusEngine } from '../consensus/consensus-engine.ts';
import type { AgentContext } from '../engine/agent.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import type { Db } from '../store/database.ts';
import { BarStore } from '../store/bar-store.ts';
import { Journal } from '../store/journal.ts';
import { decisionVeto } from '../risk/decision-veto.ts';
import type { TradingState } from '../../shared/domain/risk.ts';

export interface DecisionDifference {
  instrumentId: string;
  ts: number;
  field: string;
  recorded: unknown;
  replayed: unknown;
}

export interface ReplayReport {
  sessionId: string;
  compared: number;
  differences: DecisionDifference[];
  /** Recorded decisions of the session the replay never reached (missing bars). */
  unmatched: number;
}

const key = (instrumentId: string, ts: number) => `${instrumentId}@${ts}`;

/**
 * Runs a recorded session's decisions again (DESIGN.md §3): the profile's recorded bars, in order,
 * through the same technical analyst and consensus engine, with what came from outside the engine
 * taken from the journal — the model processes' signals that arrived in time, which voters were
 * expected (inference up or down), the trading state and positions the risk manager's veto saw. Every decision of the session
 * is compared with the recorded one: votes, weights, score, action and veto.
 */
export function replaySession(db: Db, sessionId: string): ReplayReport {
  const rows = [...new Journal(db).rows()];
  const starts = rows.filter((r) => r.type === 'SessionStarted');
  const start = starts.find((r) => (JSON.parse(r.payload) as EventOf<'SessionStarted'>).sessionId === sessionId);
  if (!start)
    throw new Error(
      `no session ${sessionId} in this journal; sessions: ${starts.map((r) => JSON.parse(r.payload).sessionId).join(', ') || 'none'}`,
    );
  const end = starts.find((r) => r.seq > start.seq)?.seq ?? Infinity;

  const recorded = new Map<string, { decision: Decision; seq: number }>();
  const modelSignals = new Map<string, EventOf<'SignalEmitted'>[]>();
  const order: string[] = [];
  for (const r of rows) {
    if (r.type === 'DecisionMade') {
      const d = (JSON.parse(r.payload) as EventOf<'DecisionMade'>).decision;
      recorded.set(key(d.instrumentId, d.ts), { decision: d, seq: r.seq });
      if (!order.includes(d.instrumentId)) order.push(d.instrumentId);
    } else if (r.type === 'SignalEmitted') {
      const e = JSON.parse(r.payload) as EventOf<'SignalEmitted'>;
      if (!e.signal.rationale.model) continue;
      const k = key(e.signal.instrumentId, e.signal.ts);
      modelSignals.set(k, [...(modelSignals.get(k) ?? []), e]);
    }
  }
  const stateAt = journalState(rows);

  const bus = new MessageBus();
  const clock = new TestClock(0);
  const ctx = (): AgentContext => ({ bus, clock, random: new SeededRandom(0), log: silentLogger, dispatch: () => {} });
  const technical = new TechnicalAnalyst(TECHNICAL_AGENT_ID, ctx());
  const consensus = new ConsensusEngine(ctx(), {
    config: ConsensusConfigSchema.parse({}),
    // The voters and the veto as the recorded session had them at each bar.
    voters: [
      {
        votersFor: (id) => {
          const next = pendingBar.get(id);
          const r = next ? recorded.get(key(id, next)) : undefined;
          return r ? r.decision.votes.map((v) => v.agentId) : technical.votersFor(id);
        },
      },
    ],
    risk: {
      vetoDecision: (id, action) => {
        const r = recorded.get(key(id, pendingBar.get(id) ?? -1));
        if (!r) return null;
        const { state, reason, position } = stateAt(r.seq, id);
        return decisionVeto({ state, reason }, position, action);
      },
    },
    decisionPrefix: '',
  });
  const pendingBar = new Map<string, number>();
  const differences: DecisionDifference[] = [];
  let compared = 0;
  const seen = new Set<string>();
  bus.subscribe<EventOf<'DecisionMade'>>('DecisionMade', (e) => {
    const k = key(e.decision.instrumentId, e.decision.ts);
    const r = recorded.get(k);
    if (!r || r.seq <= start.seq || r.seq >= end) return;
    seen.add(k);
    compared++;
    differences.push(...compare(r.decision, e.decision));
  });
  technical.start();
  consensus.start();

  const rank = (id: string) => (order.indexOf(id) < 0 ? order.length : order.indexOf(id));
  const bars = new BarStore(db)
    .all()
    .sort((a, b) => a.ts + a.intervalMs - (b.ts + b.intervalMs) || rank(a.instrumentId) - rank(b.instrumentId));
  for (const bar of bars) {
    const closeTs = bar.ts + bar.intervalMs;
    clock.advanceTo(Math.max(clock.now(), closeTs));
    pendingBar.set(bar.instrumentId, closeTs);
    bus.publish('BarClosed', { type: 'BarClosed', tsEvent: closeTs, tsInit: closeTs, source: 'replay', bar } satisfies EngineEvent);
    // A model's signal counts only if it reached consensus in time, as the recorded vote shows.
    const counted =
      recorded
        .get(key(bar.instrumentId, closeTs))
        ?.decision.votes.filter((v) => v.signal)
        .map((v) => v.agentId) ?? [];
    for (const s of modelSignals.get(key(bar.instrumentId, closeTs)) ?? [])
      if (counted.includes(s.signal.agentId)) bus.publish('SignalEmitted', s);
  }
  clock.advanceBy(ConsensusConfigSchema.parse({}).cycleTimeoutMs);
  const inSession = [...recorded].filter(([, r]) => r.seq > start.seq && r.seq < end);
  return { sessionId, compared, differences, unmatched: inSession.filter(([k]) => !seen.has(k)).length };
}

interface RawRow {
  seq: number;
  type: string;
  payload: string;
}

function compare(a: Decision, b: Decision): DecisionDifference[] {
  const out: DecisionDifference[] = [];
  const at = (field: string, recorded: unknown, replayed: unknown) => {
    if (JSON.stringify(recorded) !== JSON.stringify(replayed))
      out.push({ instrumentId: a.instrumentId, ts: a.ts, field, recorded, replayed });
  };
  at('action', a.action, b.action);
  at('score', a.score, b.score);
  at('vetoedBy', a.vetoedBy ?? null, b.vetoedBy ?? null);
  const votes = (d: Decision) =>
    d.votes.map((v) => ({
      agentId: v.agentId,
      weight: v.weight,
      direction: v.signal?.direction ?? null,
      confidence: v.signal?.confidence ?? null,
    }));
  at('votes', votes(a), votes(b));
  return out;
}

/** Trading state and each instrument's position as the journal stood just before row `seq`. */
function journalState(
  rows: readonly RawRow[],
): (seq: number, instrumentId: string) => { state: TradingState; reason: string; position: number } {
  const events = rows
    .filter((r) => r.type === 'TradingStateChanged' || r.type === 'OrderFilled' || r.type === 'FillCorrected')
    .map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as EngineEvent }));
  // Questions come in (nearly) journal order: walk forward from the last answer, from the start only when asked about an earlier row.
  let next = 0;
  let current = { state: 'ACTIVE' as TradingState, reason: '', positions: new Map<string, number>() };
  let lastSeq = -Infinity;
  return (seq, instrumentId) => {
    if (seq < lastSeq) {
      next = 0;
      current = { state: 'ACTIVE', reason: '', positions: new Map() };
    }
    lastSeq = seq;
    for (; next < events.length && events[next]!.seq < seq; next++) {
      const event = events[next]!.event;
      if (event.type === 'TradingStateChanged') {
        current.state = event.to;
        current.reason = event.reason;
      } else if (event.type === 'OrderFilled') {
        const id = event.fill.instrumentId;
        current.positions.set(id, (current.positions.get(id) ?? 0) + (event.fill.side === 'buy' ? 1 : -1) * event.fill.quantity);
      } else if (event.type === 'FillCorrected') {
        const id = event.fill.instrumentId;
        const change = event.fill.quantity - event.was.quantity;
        current.positions.set(id, (current.positions.get(id) ?? 0) + (event.fill.side === 'buy' ? 1 : -1) * change);
      }
    }
    return { state: current.state, reason: current.reason, position: current.positions.get(instrumentId) ?? 0 };
  };
}
