import { IndicatorSet } from '../../../shared/indicators/indicator-set.ts';
import { BarAnalyst } from '../bar-analyst.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import { technicalView } from './technical-rule.ts';

export const TECHNICAL_AGENT_ID = 'analyst.technical';
/** Bars ahead a technical signal speaks about. */
const HORIZON_BARS = 5;

/** Indicators per instrument, updated in O(1) per bar; one signal per bar once they are warm. */
export class TechnicalAnalyst extends BarAnalyst {
  private sets = new Map<string, IndicatorSet>();
  private readonly warm = new Set<string>();

  protected forget(): void {
    this.sets = new Map();
    this.warm.clear();
  }

  protected onBar(bar: Bar): void {
    let set = this.sets.get(bar.instrumentId);
    if (!set) this.sets.set(bar.instrumentId, (set = new IndicatorSet()));
    set.update(bar);
    const view = technicalView(set, bar.close);
    if (!view) return void this.warm.delete(bar.instrumentId);
    this.warm.add(bar.instrumentId);
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

  /** Whether the last bar of an instrument gave a signal (so the next one will). */
  isWarm(instrumentId: string): boolean {
    return this.warm.has(instrumentId);
  }

  /** The live indicator values of an instrument (for the chart overlays). */
  indicators(instrumentId: string): IndicatorSet | undefined {
    return this.sets.get(instrumentId);
  }
}
