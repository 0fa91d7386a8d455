import { csvCell } from '../../shared/csv-cell.ts';
import type { BacktestResult } from './run-backtest.ts';

/** One row per fill: `time,instrument,side,quantity,price,fee,order_id,decision_id`. */
export function tradesCsv(fills: BacktestResult['fills']): string {
  const rows = fills.map((f) =>
    [new Date(f.ts).toISOString(), f.instrumentId, f.side, f.quantity, f.price, f.fee, f.clientOrderId, f.decisionId ?? '']
      .map((v) => csvCell(String(v)))
      .join(','),
  );
  return ['time,instrument,side,quantity,price,fee,order_id,decision_id', ...rows].join('\n') + '\n';
}
