import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BATCH_TRADE_FIELDS, BOOK_STATUS, OP_FIELDS, orderBooks } from '../../native/index.ts';
import { fromScaled } from '../book/decimal.ts';
import { parseOpsCsv } from '../book/ops-csv.ts';
import { CliError } from '../cli-error.ts';
import { checkOutputFile, parseOptions } from '../cli-options.ts';

const OP_NAMES = ['add', 'cancel', 'modify', 'market'];

/** `quorum book replay --input ops.csv --out trades.csv [--impl native|ts]`. Returns the exit code. */
export function runBook(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'replay') throw new CliError('usage: quorum book replay --input ops.csv --out trades.csv [--impl native|ts]');
  const { values } = parseOptions(rest, { input: { type: 'string' }, out: { type: 'string' }, impl: { type: 'string' } });
  if (!values.input || !values.out) throw new CliError('--input FILE and --out FILE are required');
  if (values.impl !== undefined && values.impl !== 'native' && values.impl !== 'ts') throw new CliError('--impl must be native or ts');
  if (!existsSync(values.input)) throw new CliError(`no such file: ${values.input}`);
  checkOutputFile(values.out, 'out');

  const parsed = parseOpsCsv(readFileSync(values.input, 'utf8'));
  if (!parsed.ok) throw new CliError(`${values.input}: ${parsed.error}; nothing was written`, 1);
  const { ops, lines, priceDecimals, qtyDecimals } = parsed.value;

  let factory;
  try {
    factory = orderBooks(values.impl as 'native' | 'ts' | undefined, (m) => console.error(m));
  } catch (err) {
    throw new CliError((err as Error).message, 1);
  }
  const book = factory.create();
  const started = performance.now();
  const { trades, status } = book.applyBatch(ops);
  const elapsedMs = performance.now() - started;

  let skipped = 0;
  for (let i = 0; i < status.length; i++) {
    const code = BOOK_STATUS[status[i]!];
    if (code === 'ok') continue;
    skipped++;
    const id = ops[i * OP_FIELDS + 1];
    console.error(
      `line ${lines[i]}: ${OP_NAMES[ops[i * OP_FIELDS]!]} of ${code === 'unknown_id' ? 'unknown' : 'duplicate'} id ${id}: skipped`,
    );
  }

  const out: string[] = ['seq,taker_id,maker_id,price,qty'];
  for (let t = 0; t < trades.length; t += BATCH_TRADE_FIELDS) {
    const [op, taker, maker, price, qty] = trades.subarray(t, t + BATCH_TRADE_FIELDS);
    out.push(`${op! + 1},${taker},${maker},${fromScaled(price!, priceDecimals)},${fromScaled(qty!, qtyDecimals)}`);
  }
  // Write beside the target and rename, so a failure never leaves half a file.
  const temp = `${values.out}.partial`;
  writeFileSync(temp, out.join('\n') + '\n');
  renameSync(temp, values.out);
  console.log(
    `${status.length} operations, ${(trades.length / BATCH_TRADE_FIELDS).toLocaleString('en-US')} trades, ${skipped} skipped; ` +
      `${book.orderCount()} orders resting; ${factory.impl} book, ${elapsedMs.toFixed(1)} ms → ${values.out}`,
  );
  return 0;
}
