import { IndicatorSet } from '../../../shared/indicators/indicator-set.ts';
import type { EngineEvent, EventOf } from '../../../shared/messages/events.ts';
import type { AgentState } from '../../engine/agent.ts';
import { BarHistory } from '../bar-history.ts';
import { Agent } from '../../engine/agent.ts';
import { technicalView } from './technical-rule.ts';

export const TECHNICAL_AGENT_ID = 'analyst.technical';
/** Bars ahead a technical signal speaks about. */
const HORIZON_BARS = 5;

/** Indicators per instrument, updated in O(1) per bar; one signal per bar once they are warm. */
export class TechnicalAnalyst extends Agent {
  private readonly history = new BarHistory();
  private replaying = false;

  override saveState(): AgentState {
    return this.history.save();
  }

  override loadState(state: AgentState): void {
    this.onReset();
    this.replaying = true;
    try {
      for (const list of BarHistory.restore(state))
        for (const bar of list) this.onBarClosed({ type: 'BarClosed', tsEvent: bar.ts, tsInit: bar.ts, source: 'checkpoint', bar });
    } finally {
      this.replaying = false;
    }
  }

  protected override publish(event: EngineEvent): void {
    if (!this.replaying) super.publish(event);
  }

  private sets = new Map<string, IndicatorSet>();

  protected override onReset(): void {
    this.history.clear();
    this.sets = new Map();
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    const bar = e.bar;
    this.history.push(bar);
    let set = this.sets.get(bar.instrumentId);
    if (!set) this.sets.set(bar.instrumentId, (set = new IndicatorSet()));
    set.update(bar);
    const view = technicalView(set, bar.close);
    if (!view) return;
    this.publish({
      type: 'SignalEmitted',
      tsEvent: bar.ts + bar.intervalMs,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      signal: {
        agentId: this.id,
        instrumentId: bar.instrumentId,
        direction: view.direction,
        confidence: view.confidence,
        horizonMs: bar.intervalMs * HORIZON_BARS,
        rationale: { summary: view.summary, observations: view.observations },
        ts: bar.ts + bar.intervalMs,
      },
    });
  }

  /** The live indicator values of an instrument (for the chart overlays). */
  indicators(instrumentId: string): IndicatorSet | undefined {
    return this.sets.get(instrumentId);
  }
}
