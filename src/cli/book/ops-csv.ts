import { OP, OP_FIELDS, SIDE } from '../../native/index.ts';
import { decimalsOf, MAX_DECIMALS, toScaled } from './decimal.ts';

/** The operations of an ops CSV, validated and packed for the order book's batch API. */
export interface ParsedOps {
  ops: Float64Array;
  /** The CSV line number of each operation (for messages). */
  lines: number[];
  priceDecimals: number;
  qtyDecimals: number;
}

export type ParseResult = { ok: true; value: ParsedOps } | { ok: false; error: string };

const OPS = { add: OP.add, cancel: OP.cancel, modify: OP.modify, market: OP.market } as const;
const NEEDS = { add: ['side', 'price', 'qty'], cancel: [], modify: ['price', 'qty'], market: ['side', 'qty'] } as const;

/**
 * Parses `op,id,side,price,qty` (header required, names case-insensitive). Every line is checked
 * before anything runs; the first bad one is reported as `line N, field: problem`.
 */
export function parseOpsCsv(text: string): ParseResult {
  const rows = text.split(/\r?\n/);
  const header = (rows[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const name of ['op', 'id', 'side', 'price', 'qty']) {
    if (col(name) < 0) return { ok: false, error: `line 1: the header must name the columns op,id,side,price,qty (missing "${name}")` };
  }
  const records: { line: number; op: keyof typeof OPS; id: number; side: number; price: string; qty: string }[] = [];
  let priceDecimals = 0;
  let qtyDecimals = 0;
  for (let i = 1; i < rows.length; i++) {
    const raw = rows[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',').map((c) => c.trim());
    const field = (name: string) => cells[col(name)] ?? '';
    const fail = (name: string, problem: string) => ({ ok: false as const, error: `line ${line}, ${name}: ${problem}` });
    const op = field('op').toLowerCase();
    if (!(op in OPS)) return fail('op', `"${field('op')}" is not one of add, cancel, modify, market`);
    const needs: readonly string[] = NEEDS[op as keyof typeof OPS];
    const idText = field('id');
    if (!/^\d+$/.test(idText) || !Number.isSafeInteger(Number(idText))) return fail('id', `"${idText}" is not a whole number ≥ 0`);
    let side = 0;
    if (needs.includes('side')) {
      const s = field('side').toLowerCase();
      if (s !== 'buy' && s !== 'sell') return fail('side', `"${field('side')}" is not buy or sell`);
      side = s === 'buy' ? SIDE.buy : SIDE.sell;
    }
    for (const name of ['price', 'qty'] as const) {
      if (!needs.includes(name)) continue;
      const value = field(name);
      const d = decimalsOf(value);
      if (d === null) return fail(name, `"${value}" is not a positive decimal number`);
      if (d > MAX_DECIMALS) return fail(name, `"${value}" has more than ${MAX_DECIMALS} decimals`);
      if (Number(value) <= 0) return fail(name, `must be greater than zero, got "${value}"`);
      if (name === 'price') priceDecimals = Math.max(priceDecimals, d);
      else qtyDecimals = Math.max(qtyDecimals, d);
    }
    records.push({ line, op: op as keyof typeof OPS, id: Number(idText), side, price: field('price'), qty: field('qty') });
  }
  const ops = new Float64Array(records.length * OP_FIELDS);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const needs: readonly string[] = NEEDS[r.op];
    const price = needs.includes('price') ? toScaled(r.price, priceDecimals) : 0;
    const qty = needs.includes('qty') ? toScaled(r.qty, qtyDecimals) : 0;
    if (!Number.isSafeInteger(price) || !Number.isSafeInteger(qty)) {
      return { ok: false, error: `line ${r.line}: price or qty too large to represent exactly` };
    }
    ops.set([OPS[r.op], r.id, r.side, price, qty, 0], i * OP_FIELDS);
  }
  return { ok: true, value: { ops, lines: records.map((r) => r.line), priceDecimals, qtyDecimals } };
}
