import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Bar } from '../../../shared/domain/market.ts';
import type { Instrument } from '../../../shared/domain/instrument.ts';
import { parseBarColumns, textLines } from '../../../shared/market-data/bars-csv.ts';
import type { BarColumns } from '../../../shared/market-data/bar-columns.ts';
import { replayInstrument, type FeedSpec } from './paper-market.ts';

/** One instrument's recorded bars, as columns (a backtest of a million bars keeps 48 MB of them, not ~200). */
export interface BarSeries {
  name: string;
  instrument: Instrument;
  bars: BarColumns;
}

/**
 * A file's lines, read a megabyte at a time: never a string the size of the file (a million bars'
 * 58 MB of text had stayed on V8's heap until its first full collection, and set how far the heap
 * grew before the next one).
 */
export function* fileLines(file: string, chunkBytes = 1 << 20): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(chunkBytes);
    const decoder = new TextDecoder('utf-8');
    let rest = '';
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      const text = rest + decoder.decode(chunk.subarray(0, read), { stream: true });
      // The chunk's last line may go on in the next chunk: kept back until then.
      const end = text.lastIndexOf('\n');
      rest = text.slice(end + 1);
      if (end >= 0) yield* textLines(text.slice(0, end));
    }
    yield* textLines(rest + decoder.decode());
  } finally {
    closeSync(fd);
  }
}

/** About how many rows a CSV has, from its size and its first lines' length (the columns grow if it is more). */
function expectedRows(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head);
    const lines = head.subarray(0, read).toString('latin1').split('\n').length - 1;
    return lines > 1 ? Math.ceil((1.05 * fstatSync(fd).size * lines) / read) : 1_024;
  } finally {
    closeSync(fd);
  }
}

/** Reads one instrument's bars from a CSV; says which file and line are wrong when it cannot. */
export function loadBarSeries(file: string): { ok: true; value: BarSeries } | { ok: false; error: string } {
  if (!existsSync(file)) return { ok: false, error: `no such file: ${file}` };
  const probe = replayInstrument(basename(file));
  const parsed = parseBarColumns(fileLines(file), probe.id, {}, expectedRows(file));
  if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
  // The tick is as fine as the data's prices are quoted (cents for most stocks, finer for indices).
  const instrument = replayInstrument(basename(file), 10 ** -quotedDecimals(parsed.value.columns.slice(0, 1000).toArray()));
  return { ok: true, value: { name: basename(file), instrument, bars: parsed.value.columns } };
}

/** Reads a bars CSV for replay. */
export function loadReplay(file: string, speed: number): { ok: true; spec: FeedSpec } | { ok: false; error: string } {
  if (!(speed > 0)) return { ok: false, error: `the replay speed must be > 0, got ${speed}` };
  const loaded = loadBarSeries(file);
  if (!loaded.ok) return loaded;
  const { name, bars, instrument } = loaded.value;
  return { ok: true, spec: { kind: 'replay', name, bars: bars.toArray(), speed, instrument } };
}

/**
 * The fewest decimals that every price (of the first 1,000 bars) is quoted to. A price within one part
 * in 10^7 of a shorter quote counts as that quote: files exported from single-precision storage carry
 * float noise (the S&P 500's 1127.569946 is 1127.57), which would otherwise pass for a 1e-6 tick.
 */
export function quotedDecimals(bars: readonly Bar[]): number {
  const prices = bars.slice(0, 1000).flatMap((b) => [b.open, b.high, b.low, b.close]);
  for (let decimals = 0; decimals < 8; decimals++) {
    const step = 10 ** -decimals;
    if (prices.every((p) => Math.abs(Math.round(p / step) * step - p) <= Math.abs(p) * 1e-7)) return decimals;
  }
  return 8;
}
