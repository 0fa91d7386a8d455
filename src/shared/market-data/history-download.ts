/** The bar sizes a history download fetches from IB (`quorum data download`, the Backtests view). */
export const HISTORY_BAR_SIZE_KEYS = ['1d', '1h', '5m', '1m'] as const;
export type HistoryBarSize = (typeof HISTORY_BAR_SIZE_KEYS)[number];
/** What IB's bars are made of: trades, the bid/ask midpoint, or trades adjusted for splits and dividends. */
export const HISTORY_WHAT = ['TRADES', 'MIDPOINT', 'ADJUSTED_LAST'] as const;
export type HistoryWhat = (typeof HISTORY_WHAT)[number];
