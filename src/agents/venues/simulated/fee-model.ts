/**
 * Commission of the simulated venue: per share plus a percentage of notional, with a minimum per
 * order. An order's total fee is max(minimum, Σ fills' per-share + percentage parts); each fill is
 * charged the increase of that total, so the first fill carries the minimum.
 */
export interface FeeModel {
  perShare: number;
  percent: number;
  minimumPerOrder: number;
}

export const DEFAULT_FEES: FeeModel = { perShare: 0.005, percent: 0, minimumPerOrder: 1 };

/** The fee of one fill, given the order's base fees before it; returns the fee and the new base. */
export function feeForFill(model: FeeModel, qty: number, price: number, baseBefore: number): { fee: number; baseAfter: number } {
  const baseAfter = baseBefore + qty * model.perShare + qty * price * model.percent;
  const fee = Math.max(model.minimumPerOrder, baseAfter) - (baseBefore === 0 ? 0 : Math.max(model.minimumPerOrder, baseBefore));
  return { fee: Math.round(fee * 1e6) / 1e6, baseAfter };
}
