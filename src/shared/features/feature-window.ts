/** Each input feature's values over the rows of a window (a model's reference or its recent inputs), and how many rows. */
export interface FeatureWindow {
  columns: Record<string, number[]>;
  rows: number;
}

/** Rows of feature values, in `names`' order, as columns by name. */
export function columnsOf(rows: readonly ArrayLike<number>[], names: readonly string[]): FeatureWindow {
  return { columns: Object.fromEntries(names.map((name, i) => [name, rows.map((row) => row[i]!)])), rows: rows.length };
}
