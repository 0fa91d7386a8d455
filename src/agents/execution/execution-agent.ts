import { toQuantity } from '../../shared/domain/branded.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { ParentOrderSpec, ScheduledChild } from '../../shared/domain/execution.ts';
import type { CommandOf } from '../../shared/messages/commands.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { Agent, type AgentContext } from '../engine/agent.ts';
import type { CancelTimer } from '../engine/clock.ts';
import { parentMetrics } from './parent-metrics.ts';
import type { UnfinishedParent } from '../store/algo-projections.ts';
import { povPreview, twapSchedule, vwapSchedule } from './schedules.ts';

export const EXECUTION_ENDPOINT = 'execution.algos';
const POV_INTERVAL_MS = 1_000;

export interface ExecutionDeps {
  /** The latest mark of an instrument (arrival prices, resumed parents): the portfolio tracker. */
  marks: { mark(instrumentId: string): { price: number } | null };
  history: (instrumentId: string) => readonly Bar[];
  /** Parents the journal shows started and never completed (the engine died while they worked). */
  unfinished: () => readonly UnfinishedParent[];
}

interface Parent {
  parentId: string;
  spec: ParentOrderSpec;
  schedule: ScheduledChild[];
  arrival: number | null;
  sent: number;
  open: Map<string, number>;
  filled: number;
  notional: number;
  fees: number;
  /** Quantity of finished children that did not fill; added to the next child. */
  carry: number;
  slicesLeft: number;
  observed: number;
  timers: CancelTimer[];
}

export interface ParentView {
  parentId: string;
  spec: ParentOrderSpec;
  status: 'working' | 'filled' | 'incomplete' | 'canceled' | 'interrupted';
  filledQuantity: number;
  childrenSent: number;
  averagePrice: number | null;
  arrivalPrice: number | null;
  slippageBps: number | null;
  implementationShortfall: number | null;
  fees: number;
}

/** Parent orders the blotter's Algos tab lists: the working ones and the latest finished. */
const SHOWN_PARENTS = 200;

/**
 * The execution agent: works parent orders with market, limit, TWAP, VWAP and POV algorithms. Each
 * child is a SubmitOrder through the risk manager, journaled before it is sent, with the id
 * `<parent>-<n>`. A restart never resumes an algorithm by itself: parents the journal shows started
 * and never completed end as `interrupted`, and the kernel closes their open children.
 */
export class ExecutionAgent extends Agent {
  private readonly deps: ExecutionDeps;
  private parents = new Map<string, Parent>();
  private finished: ParentView[] = [];
  private childToParent = new Map<string, string>();
  private unregister: (() => void) | null = null;

  constructor(ctx: AgentContext, deps: ExecutionDeps) {
    super('execution.agent', ctx);
    this.deps = deps;
  }

  /** The child schedule an algorithm would follow if started now (POV: an estimate). */
  preview(spec: ParentOrderSpec): { schedule: ScheduledChild[]; note: string } {
    const now = this.ctx.clock.now();
    if (spec.algo === 'market' || spec.algo === 'limit')
      return { schedule: [{ at: now, quantity: spec.quantity }], note: `one ${spec.algo} order` };
    if (spec.algo === 'twap')
      return { schedule: twapSchedule(spec, now), note: `${spec.slices} equal slices over ${spec.durationMs / 1000} s` };
    const history = this.deps.history(spec.instrumentId);
    if (spec.algo === 'vwap') {
      const v = vwapSchedule(spec, now, history);
      return {
        schedule: v.schedule,
        note:
          v.profile === 'historical'
            ? 'slices sized by the historical volume profile'
            : 'no volume history for this time of day: flat slices',
      };
    }
    const recent = history.slice(-60);
    const perMs = recent.length ? recent.reduce((s, b) => s + b.volume, 0) / recent.length / (recent[0]!.intervalMs || 1) : 0;
    return {
      schedule: povPreview(spec, now, perMs, POV_INTERVAL_MS),
      note: `about ${Math.round(spec.participation * 100)} % of the volume others trade, checked every ${POV_INTERVAL_MS / 1000} s (estimated from recent volume)`,
    };
  }

  views(): ParentView[] {
    return [...[...this.parents.values()].map((p) => this.view(p, 'working')), ...this.finished].slice(-SHOWN_PARENTS);
  }

  protected override onStart(): void {
    this.unregister = this.ctx.bus.register<CommandOf<'StartAlgo'> | CommandOf<'CancelAlgo'>>(EXECUTION_ENDPOINT, (cmd) => {
      if (cmd.type === 'StartAlgo') this.startParent(cmd.parentId, cmd.spec);
      else this.finish(cmd.parentId, 'canceled', cmd.reason);
    });
    for (const u of this.deps.unfinished()) {
      const m = parentMetrics({
        side: u.spec.side,
        quantity: u.spec.quantity,
        filled: u.filled,
        notional: u.notional,
        fees: u.fees,
        arrival: u.arrivalPrice,
        last: this.deps.marks.mark(u.spec.instrumentId)?.price ?? null,
      });
      const v: ParentView = {
        parentId: u.parentId,
        spec: u.spec,
        status: 'interrupted',
        filledQuantity: u.filled,
        childrenSent: u.childrenSent,
        arrivalPrice: u.arrivalPrice,
        fees: Math.round(u.fees * 100) / 100,
        ...m,
      };
      this.finished.push(v);
      this.announceEnd(v, 'the engine restarted while the algorithm was working; it is not resumed by itself');
    }
  }

  protected override onStop(): void {
    this.unregister?.();
    this.unregister = null;
    for (const p of this.parents.values()) for (const cancel of p.timers) cancel();
  }

  protected override onReset(): void {
    this.parents = new Map();
    this.finished = [];
    this.childToParent = new Map();
  }

  onOrderFilled(e: EventOf<'OrderFilled'>): void {
    const p = this.parentOf(e.fill.clientOrderId);
    if (!p) return;
    p.filled += e.fill.quantity;
    p.notional += e.fill.quantity * e.fill.price;
    p.fees += e.fill.fee;
    if (e.leavesQuantity === 0) p.open.delete(e.fill.clientOrderId);
    if (p.filled >= p.spec.quantity) this.finish(p.parentId, 'filled', 'all quantity filled');
    else this.checkDone(p);
  }

  onOrderCanceled(e: EventOf<'OrderCanceled'>): void {
    this.childEnded(e.clientOrderId, e.leavesQuantity);
  }

  onOrderRejected(e: EventOf<'OrderRejected'>): void {
    this.childEnded(e.clientOrderId, null);
  }

  onOrderDenied(e: EventOf<'OrderDenied'>): void {
    this.childEnded(e.clientOrderId, null);
  }

  onTradePrinted(e: EventOf<'TradePrinted'>): void {
    if (e.ours) return;
    for (const p of this.parents.values()) if (p.spec.algo === 'pov' && p.spec.instrumentId === e.instrumentId) p.observed += e.quantity;
  }

  onTradingStateChanged(e: EventOf<'TradingStateChanged'>): void {
    if (e.to !== 'HALTED') return;
    for (const id of [...this.parents.keys()]) this.finish(id, 'canceled', `trading halted: ${e.reason}`);
  }

  private startParent(parentId: string, spec: ParentOrderSpec): void {
    if (this.parents.has(parentId)) return;
    const now = this.ctx.clock.now();
    const { schedule } = this.preview(spec);
    const p: Parent = {
      parentId,
      spec,
      schedule,
      arrival: this.deps.marks.mark(spec.instrumentId)?.price ?? null,
      sent: 0,
      open: new Map(),
      filled: 0,
      notional: 0,
      fees: 0,
      carry: 0,
      slicesLeft: 0,
      observed: 0,
      timers: [],
    };
    this.parents.set(parentId, p);
    this.publish({
      type: 'AlgoStarted',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      decisionId: spec.decisionId,
      parentId,
      spec,
      schedule,
      arrivalPrice: p.arrival,
    });
    if (spec.algo === 'market' || spec.algo === 'limit') {
      p.slicesLeft = 0;
      this.sendChild(p, spec.quantity);
    } else if (spec.algo === 'pov') {
      p.timers.push(this.ctx.clock.every(POV_INTERVAL_MS, () => this.povCheck(p)));
    } else {
      p.slicesLeft = schedule.length;
      for (const slice of schedule) {
        p.timers.push(
          this.ctx.clock.after(slice.at - now, () => {
            p.slicesLeft--;
            this.sendChild(p, Math.min(slice.quantity + p.carry, this.remaining(p)));
            p.carry = 0;
            this.checkDone(p);
          }),
        );
      }
    }
  }

  private povCheck(p: Parent): void {
    const quantity = Math.min(Math.floor(p.spec.participation * p.observed), this.remaining(p));
    if (quantity <= 0) return;
    p.observed = 0;
    this.sendChild(p, quantity);
  }

  private remaining(p: Parent): number {
    return p.spec.quantity - p.filled - [...p.open.values()].reduce((s, q) => s + q, 0);
  }

  private sendChild(p: Parent, quantity: number): void {
    if (quantity <= 0 || !this.parents.has(p.parentId)) return;
    const now = this.ctx.clock.now();
    const clientOrderId = `${p.parentId}-${++p.sent}`;
    p.open.set(clientOrderId, quantity);
    this.childToParent.set(clientOrderId, p.parentId);
    const limit = p.spec.algo === 'limit';
    this.dispatch({
      type: 'SubmitOrder',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      ...(p.spec.decisionId ? { decisionId: p.spec.decisionId } : {}),
      order: {
        clientOrderId,
        instrumentId: p.spec.instrumentId,
        side: p.spec.side,
        type: limit ? 'limit' : 'market',
        quantity: toQuantity(quantity),
        ...(limit ? { limitPrice: p.spec.limitPrice as never } : {}),
        timeInForce: limit ? 'gtc' : 'ioc',
        status: 'initialized',
        filledQuantity: toQuantity(0),
        createdAt: now,
      },
    });
  }

  private childEnded(clientOrderId: string, leaves: number | null): void {
    const p = this.parentOf(clientOrderId);
    if (!p || !p.open.has(clientOrderId)) return;
    const unfilled = leaves ?? p.open.get(clientOrderId)!;
    p.open.delete(clientOrderId);
    p.carry += unfilled;
    this.checkDone(p);
  }

  /** A scheduled algorithm with no slices left and nothing in flight is done, filled or not. */
  private checkDone(p: Parent): void {
    if (!this.parents.has(p.parentId) || p.spec.algo === 'pov' || p.spec.algo === 'limit') return;
    if (p.slicesLeft === 0 && p.open.size === 0 && p.filled < p.spec.quantity)
      this.finish(p.parentId, 'incomplete', 'the schedule ended before all quantity filled');
  }

  private parentOf(clientOrderId: string): Parent | undefined {
    const id = this.childToParent.get(clientOrderId);
    return id ? this.parents.get(id) : undefined;
  }

  private finish(parentId: string, status: ParentView['status'], reason: string): void {
    const p = this.parents.get(parentId);
    if (!p) return;
    for (const cancel of p.timers) cancel();
    this.parents.delete(parentId);
    for (const child of p.open.keys()) {
      const now = this.ctx.clock.now();
      this.dispatch({ type: 'CancelOrder', tsEvent: now, tsInit: now, source: this.id, clientOrderId: child });
    }
    const v = this.view(p, status);
    this.finished.push(v);
    // Only the latest are shown; the journal and the algo projections keep them all.
    if (this.finished.length > 2 * SHOWN_PARENTS) this.finished.splice(0, this.finished.length - SHOWN_PARENTS);
    this.announceEnd(v, reason);
  }

  private announceEnd(v: ParentView, reason: string): void {
    const now = this.ctx.clock.now();
    this.publish({
      type: 'AlgoCompleted',
      tsEvent: now,
      tsInit: now,
      source: this.id,
      parentId: v.parentId,
      status: v.status === 'working' ? 'interrupted' : v.status,
      reason,
      filledQuantity: v.filledQuantity,
      averagePrice: v.averagePrice,
      arrivalPrice: v.arrivalPrice,
      slippageBps: v.slippageBps,
      implementationShortfall: v.implementationShortfall,
      fees: v.fees,
    });
  }

  private view(p: Parent, status: ParentView['status']): ParentView {
    const m = parentMetrics({
      side: p.spec.side,
      quantity: p.spec.quantity,
      filled: p.filled,
      notional: p.notional,
      fees: p.fees,
      arrival: p.arrival,
      last: this.deps.marks.mark(p.spec.instrumentId)?.price ?? null,
    });
    return {
      parentId: p.parentId,
      spec: p.spec,
      status,
      filledQuantity: p.filled,
      childrenSent: p.sent,
      arrivalPrice: p.arrival,
      fees: Math.round(p.fees * 100) / 100,
      ...m,
    };
  }
}
