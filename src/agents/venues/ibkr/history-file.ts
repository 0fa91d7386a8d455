import { Buffer } from 'node:buffer';
import { appendFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { parseTimestamp } from '../../../shared/market-data/bars-csv.ts';
import { HISTORY_CSV_HEADER, historyCsvLine, type HistoryBar, type HistoryBarSize } from './ib-history-plan.ts';

/** What a download is of: a file resumes only the same download. */
export interface HistoryIdentity {
  symbol: string;
  exchange: string;
  currency: string;
  bar: HistoryBarSize;
  what: string;
  from: string;
  to: string;
}

interface Sidecar {
  download: HistoryIdentity;
  complete: boolean;
}

export type HistoryFileState =
  | { kind: 'new' }
  | { kind: 'resume'; lastTs: number; bars: number }
  | { kind: 'complete'; bars: number }
  | { kind: 'refused'; reason: string };

/**
 * The bars CSV a download writes, and beside it `FILE.download.json`, saying what it is a download
 * of and whether it is complete. Run again, a download resumes after the last bar in the file; a
 * file that is not this download (another symbol, another range, or not a download at all) is
 * never written over.
 */
export class HistoryFile {
  readonly file: string;
  readonly sidecar: string;
  private readonly identity: HistoryIdentity;

  constructor(file: string, identity: HistoryIdentity) {
    this.file = file;
    this.sidecar = `${file}.download.json`;
    this.identity = identity;
  }

  state(): HistoryFileState {
    if (!existsSync(this.file)) return { kind: 'new' };
    if (!existsSync(this.sidecar))
      return { kind: 'refused', reason: `${this.file} exists and is not a download in progress: choose another --out, or move it away` };
    let sidecar: Sidecar;
    try {
      sidecar = JSON.parse(readFileSync(this.sidecar, 'utf8')) as Sidecar;
    } catch (err) {
      return {
        kind: 'refused',
        reason: `${this.sidecar} is not readable (${(err as Error).message}): move ${this.file} and it away to start again`,
      };
    }
    const differs = (Object.keys(this.identity) as (keyof HistoryIdentity)[]).filter((k) => sidecar.download?.[k] !== this.identity[k]);
    if (differs.length)
      return {
        kind: 'refused',
        reason: `${this.file} holds another download (${differs.map((k) => `${k} ${sidecar.download?.[k]} instead of ${this.identity[k]}`).join(', ')}): choose another --out`,
      };
    let text = readFileSync(this.file, 'utf8');
    // A process killed while appending may have left half a row: it goes, and is fetched again.
    if (!sidecar.complete && !text.endsWith('\n')) {
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      truncateSync(this.file, Buffer.byteLength(text));
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const bars = Math.max(0, lines.length - 1);
    if (sidecar.complete) return { kind: 'complete', bars };
    const last = lines.length > 1 ? parseTimestamp(lines.at(-1)!.split(',')[0]!) : null;
    return last === null ? { kind: 'new' } : { kind: 'resume', lastTs: last, bars };
  }

  /** A new download: the header, and the sidecar saying it is not complete. */
  begin(): void {
    writeFileSync(this.sidecar, JSON.stringify({ download: this.identity, complete: false } satisfies Sidecar, null, 2));
    writeFileSync(this.file, HISTORY_CSV_HEADER + '\n');
  }

  append(bars: readonly HistoryBar[]): void {
    if (bars.length) appendFileSync(this.file, bars.map((b) => historyCsvLine(this.identity.bar, b)).join('\n') + '\n');
  }

  /** A new download that failed before its first bar leaves nothing behind. */
  discard(): void {
    rmSync(this.file, { force: true });
    rmSync(this.sidecar, { force: true });
  }

  finish(): void {
    writeFileSync(this.sidecar, JSON.stringify({ download: this.identity, complete: true } satisfies Sidecar, null, 2));
  }
}
