import type { Alert } from '../../shared/contracts/risk.contract.ts';
import type { EngineApi } from '../state/engine-sync.ts';
import { reportError } from '../state/engine-sync.ts';
import { useMarket } from '../state/market-store.ts';
import { useRisk } from '../state/risk-store.ts';
import type { CandleChart } from './candle-chart.ts';

const CODE = 'MARKET_ANOMALY';
/** More anomalies than any chart holds bars for (the regime watcher flags beyond 5σ). */
const LIMIT = 2_000;

/** "r 4.6σ" for a return anomaly, "v 5.0σ" for a volume one: whichever is the larger. */
export function anomalyText(detail: Record<string, number | string>): string {
  const z = (key: string) => (typeof detail[key] === 'number' ? Math.abs(detail[key]) : 0);
  return z('returnZ') >= z('volumeZ') ? `r ${z('returnZ').toFixed(1)}σ` : `v ${z('volumeZ').toFixed(1)}σ`;
}

const ofInstrument = (a: Alert, id: string) => a.code === CODE && a.detail?.['instrumentId'] === id;

/**
 * Keeps the chart's anomaly markers to every anomaly the regime watcher journaled for the selected
 * instrument — asked of the engine by instrument, since the risk panel's recent alerts hold only the
 * newest 50 of all kinds. Asks again when the selection changes or a newer anomaly of the
 * instrument appears among the recent alerts. Returns the unsubscribe.
 */
export function followAnomalies(api: EngineApi, chart: CandleChart): () => void {
  let shownFor: string | null = null;
  let newestShown = -1;
  let request = 0;
  let stopped = false;
  const refresh = async () => {
    const id = useMarket.getState().selected;
    const newest = useRisk.getState().alerts.find((a) => id !== null && ofInstrument(a, id))?.seq ?? -1;
    if (id === shownFor && newest <= newestShown) return;
    const mine = ++request;
    if (!id) {
      shownFor = null;
      chart.setAnomalies([]);
      return;
    }
    try {
      const alerts = await api.risk.alerts({ code: CODE, instrumentId: id, limit: LIMIT });
      if (stopped || mine !== request) return;
      shownFor = id;
      newestShown = alerts[0]?.seq ?? -1;
      chart.setAnomalies(alerts.map((a) => ({ ts: a.ts, text: anomalyText(a.detail ?? {}) })));
    } catch (err) {
      reportError(err);
    }
  };
  void refresh();
  const offRisk = useRisk.subscribe((s, prev) => {
    if (s.alerts !== prev.alerts) void refresh();
  });
  const offMarket = useMarket.subscribe((s, prev) => {
    if (s.selected !== prev.selected || s.resetVersion !== prev.resetVersion) {
      shownFor = null;
      void refresh();
    }
  });
  return () => {
    stopped = true;
    offRisk();
    offMarket();
  };
}
