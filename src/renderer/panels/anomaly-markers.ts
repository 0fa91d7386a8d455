import type { Alert } from '../../shared/contracts/risk.contract.ts';
import type { EngineApi } from '../state/engine-sync.ts';
import { useMarket } from '../state/market-store.ts';
import { useRisk } from '../state/risk-store.ts';
import { reportError, useSession } from '../state/session-store.ts';
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
 * instrument: asked of the engine by instrument when the selection changes or the engine is new (the risk
 * view's recent alerts hold only the newest 50 of all kinds), then extended from the pushed risk
 * view as newer anomalies of the instrument appear in it. Returns the unsubscribe.
 */
export function followAnomalies(api: EngineApi, chart: CandleChart): () => void {
  let shownFor: string | null = null;
  let shown: { seq: number; ts: number; text: string }[] = [];
  let request = 0;
  let stopped = false;
  const marker = (a: Alert) => ({ seq: a.seq, ts: a.ts, text: anomalyText(a.detail ?? {}) });
  const show = (id: string | null, markers: typeof shown) => {
    shownFor = id;
    shown = markers;
    chart.setAnomalies(markers.map(({ ts, text }) => ({ ts, text })));
  };
  const load = async () => {
    const id = useMarket.getState().selected;
    const mine = ++request;
    if (!id) return show(null, []);
    try {
      const alerts = await api.risk.alerts({ code: CODE, instrumentId: id, limit: LIMIT });
      if (!stopped && mine === request) show(id, alerts.map(marker).reverse());
    } catch (err) {
      reportError(err);
    }
  };
  const extend = () => {
    const id = shownFor;
    if (!id) return;
    const newest = shown.at(-1)?.seq ?? -1;
    const fresh = useRisk
      .getState()
      .alerts.filter((a) => a.seq > newest && ofInstrument(a, id))
      .reverse();
    if (fresh.length) show(id, [...shown, ...fresh.map(marker)]);
  };
  void load();
  const offRisk = useRisk.subscribe((s, prev) => {
    if (s.alerts !== prev.alerts) extend();
  });
  const offMarket = useMarket.subscribe((s, prev) => {
    if (s.selected !== prev.selected) void load();
    // The series was reloaded (its bar interval may be new): place the same markers again.
    else if (s.resetVersion !== prev.resetVersion) show(shownFor, shown);
  });
  // A new engine port (a restarted engine) may have journaled anomalies this page never saw.
  const offSession = useSession.subscribe((s, prev) => {
    if (s.link.epoch !== prev.link.epoch) void load();
  });
  return () => {
    stopped = true;
    offRisk();
    offMarket();
    offSession();
  };
}
