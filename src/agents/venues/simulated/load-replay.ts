import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Bar } from '../../../shared/domain/market.ts';
import type { Instrument } from '../../../shared/domain/instrument.ts';
import { parseBarsCsv } from '../../../shared/market-data/bars-csv.ts';
import { replayInstrument, type FeedSpec } from './paper-market.ts';

export interface BarSeries {
  name: string;
  instrument: Instrument;
  bars: readonly Bar[];
}

/** Reads one instrument's bars from a CSV; says which file and line are wrong when it cannot. */
export function loadBarSeries(file: string): { ok: true; value: BarSeries } | { ok: false; error: string } {
  if (!existsSync(file)) return { ok: false, error: `no such file: ${file}` };
  const probe = replayInstrument(basename(file));
  const parsed = parseBarsCsv(readFileSync(file, 'utf8'), probe.id);
  if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
  // The tick is as fine as the data's prices are quoted (cents for most stocks, finer for indices).
  const instrument = replayInstrument(basename(file), 10 ** -quotedDecimals(parsed.value.bars));
  return { ok: true, value: { name: basename(file), instrument, bars: parsed.value.bars } };
}

/** Reads a bars CSV for replay. */
export function loadReplay(file: string, speed: number): { ok: true; spec: FeedSpec } | { ok: false; error: string } {
  if (!(speed > 0)) return { ok: false, error: `the replay speed must be > 0, got ${speed}` };
  const loaded = loadBarSeries(file);
  if (!loaded.ok) return loaded;
  const { name, bars, instrument } = loaded.value;
  return { ok: true, spec: { kind: 'replay', name, bars, speed, instrument } };
}

function quotedDecimals(bars: readonly Bar[]): number {
  let decimals = 0;
  for (const b of bars.slice(0, 1000)) {
    for (const p of [b.open, b.high, b.low, b.close]) {
      const text = String(p);
      const dot = text.indexOf('.');
      if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
    }
  }
  return Math.min(decimals, 8);
}
