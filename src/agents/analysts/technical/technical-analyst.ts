import { IndicatorSet } from '../../../shared/indicators/indicator-set.ts';
import { BarAnalyst } from '../bar-analyst.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import { technicalView } from './technical-rule.ts';

export const TECHNICAL_AGENT_ID = 'analyst.technical';
/** Bars ahead a technical signal speaks about. */
const HORIZON_BARS = 5;

/** Indicators per instrument, updated in O(1) per bar; one signal per bar once they are warm. */
export class TechnicalAnalyst extends BarAnalyst {
  private instruments = new Map<string, { set: IndicatorSet; warm: boolean }>();

  protected forget(): void {
    this.instruments = new Map();
  }

  protected onBar(bar: Bar): void {
    let state = this.instruments.get(bar.instrumentId);
    if (!state) this.instruments.set(bar.instrumentId, (state = { set: new IndicatorSet(), warm: false }));
    state.set.update(bar);
    const view = technicalView(state.set, bar.close);
    state.warm = view !== null;
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
        rationale: view.rationale,
        ts: bar.ts + bar.intervalMs,
      },
    });
  }

  /** Whether the last bar of an instrument gave a signal (so the next one will). */
  /** This analyst is expected to vote on an instrument's next bar once its indicators are warm. */
  votersFor(instrumentId: string): string[] {
    return this.isWarm(instrumentId) ? [this.id] : [];
  }

  isWarm(instrumentId: string): boolean {
    return this.instruments.get(instrumentId)?.warm ?? false;
  }

  /** The live indicator values of an instrument (for the chart overlays). */
  indicators(instrumentId: string): IndicatorSet | undefined {
    return this.instruments.get(instrumentId)?.set;
  }
}
