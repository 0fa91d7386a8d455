import type { Headline } from '../domain/news.ts';
import { parseTimestamp } from './bars-csv.ts';

export interface ParsedHeadlines {
  /** Oldest first; duplicates left out. */
  headlines: Headline[];
  /** Rows left out as the same story again (the same id, or the same words about the same symbols within a day). */
  duplicates: { line: number; of: number }[];
}

export type HeadlinesFileResult = { ok: true; value: ParsedHeadlines } | { ok: false; error: string };

/** The same words about the same symbols within this long are one story told twice (two providers, a re-send). */
export const DUPLICATE_WINDOW_MS = 86_400_000;

const TIME_FIELDS = ['ts', 'time', 'timestamp', 'date', 'datetime'];
const TEXT_FIELDS = ['headline', 'title', 'text'];
const MAX_HEADLINE = 1_000;

/**
 * Reads a headlines file: JSON Lines (one object per line: `ts`, `headline`, `symbols` — an array or
 * a string of symbols separated by spaces, commas, semicolons or bars — and optional `source`, `id`)
 * or CSV with a header naming the same columns (fields with commas in double quotes). A bad row
 * stops the read with `line N, field: problem`; nothing is taken from a file with one.
 */
export function parseHeadlinesFile(text: string, fileName = ''): HeadlinesFileResult {
  if (!text.trim()) return { ok: false, error: 'the file is empty' };
  const jsonl = /\.jsonl?$/i.test(fileName) || (!/\.csv$/i.test(fileName) && text.trimStart().startsWith('{'));
  const rows = jsonl ? jsonRows(text) : csvRows(text);
  if (!Array.isArray(rows)) return { ok: false, error: rows.error };
  const read: { line: number; headline: Headline; givenId: boolean }[] = [];
  for (const { line, fields } of rows) {
    const h = toHeadline(fields, line, fileName.split(/[\\/]/).pop() || 'file');
    if (typeof h === 'string') return { ok: false, error: `line ${line}, ${h}` };
    read.push({ line, headline: h, givenId: fields['id'] !== undefined });
  }
  if (read.length === 0) return { ok: false, error: 'the file has no headlines' };
  // Oldest first; a stable sort keeps a file's order among headlines of the same time.
  read.sort((a, b) => a.headline.ts - b.headline.ts);
  const seen = new StoryLog<number>();
  const headlines: Headline[] = [];
  const duplicates: ParsedHeadlines['duplicates'] = [];
  for (const { line, headline: h, givenId } of read) {
    // Only a provider's own ids say "the same story"; one made up from the line number says nothing.
    const first = seen.add(h, line, givenId);
    if (first === null) headlines.push(h);
    else duplicates.push({ line, of: first });
  }
  return { ok: true, value: { headlines, duplicates } };
}

/**
 * Remembers the stories told so far, to count one told twice once: the same provider id, or the
 * same words (case and punctuation aside) about the same symbols within a day of the first.
 */
export class StoryLog<Tag> {
  private readonly byId = new Map<string, Tag>();
  private readonly byStory = new Map<string, { tag: Tag; ts: number }>();

  /** Records `h` and returns null, or, when it is a story told before, the tag of its first telling. */
  add(h: Headline, tag: Tag, idIsTheProvidersOwn = true): Tag | null {
    const story = `${normalise(h.headline)}|${[...h.symbols].sort().join(' ')}`;
    const sameId = idIsTheProvidersOwn ? this.byId.get(h.id) : undefined;
    if (sameId !== undefined) return sameId;
    const first = this.byStory.get(story);
    if (first && Math.abs(h.ts - first.ts) <= DUPLICATE_WINDOW_MS) return first.tag;
    if (idIsTheProvidersOwn) this.byId.set(h.id, tag);
    this.byStory.set(story, { tag, ts: h.ts });
    return null;
  }
}

type Rows = { line: number; fields: Record<string, unknown> }[] | { error: string };

function jsonRows(text: string): Rows {
  const rows: { line: number; fields: Record<string, unknown> }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      return { error: `line ${i + 1}: not JSON (${(err as Error).message})` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: `line ${i + 1}: not a JSON object` };
    rows.push({ line: i + 1, fields: lowerKeys(value as Record<string, unknown>) });
  }
  return rows;
}

function csvRows(text: string): Rows {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header === null) return { error: 'line 1: an unclosed double quote in the header' };
  const names = header.map((h) => h.trim().toLowerCase());
  const rows: { line: number; fields: Record<string, unknown> }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const cells = splitCsvLine(lines[i]!);
    if (cells === null) return { error: `line ${i + 1}: an unclosed double quote (one headline per line)` };
    if (cells.length !== names.length)
      return {
        error: `line ${i + 1}: ${cells.length} fields where the header has ${names.length} (a headline with a comma needs double quotes)`,
      };
    rows.push({ line: i + 1, fields: Object.fromEntries(names.map((n, k) => [n, cells[k]])) });
  }
  return rows;
}

/** One CSV line's fields (RFC 4180 quoting: `"a, b"`, `""` inside quotes), or null when a quote is not closed. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

function toHeadline(f: Record<string, unknown>, line: number, fileLabel: string): Headline | string {
  const timeKey = TIME_FIELDS.find((k) => k in f);
  if (!timeKey) return `ts: missing (a time, as ISO 8601 UTC or epoch seconds / milliseconds)`;
  const rawTime = f[timeKey];
  const ts = typeof rawTime === 'number' ? parseTimestamp(String(rawTime)) : typeof rawTime === 'string' ? parseTimestamp(rawTime) : null;
  if (ts === null) return `${timeKey}: ${JSON.stringify(rawTime)} is not an ISO date-time or epoch time`;
  const textKey = TEXT_FIELDS.find((k) => k in f);
  const text = textKey ? f[textKey] : undefined;
  if (typeof text !== 'string' || !text.trim()) return `headline: missing or empty`;
  if (text.length > MAX_HEADLINE) return `headline: ${text.length} characters (a headline, not an article: at most ${MAX_HEADLINE})`;
  const symbols = readSymbols(f['symbols'] ?? f['symbol'] ?? f['tickers']);
  if (typeof symbols === 'string') return symbols;
  const source = f['source'] ?? f['provider'] ?? '';
  if (typeof source !== 'string') return `source: ${JSON.stringify(source)} is not text`;
  // Made up from the file and line: unique within a folder of files.
  const id = f['id'] ?? `${fileLabel}:${line}`;
  if (typeof id !== 'string' && typeof id !== 'number') return `id: ${JSON.stringify(id)} is not text`;
  return { id: String(id), ts, source: source.trim(), headline: text.trim(), symbols };
}

function readSymbols(value: unknown): string[] | string {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,;|]+/) : null;
  if (list === null) return `symbols: missing (the symbols the headline is about, e.g. "AAPL" or ["AAPL", "MSFT"])`;
  const symbols = list.map((s) => (typeof s === 'string' ? s.trim().toUpperCase() : '')).filter(Boolean);
  if (symbols.length === 0) return 'symbols: empty (name at least one symbol the headline is about)';
  if (list.some((s) => typeof s !== 'string')) return `symbols: ${JSON.stringify(value)} holds something that is not a symbol`;
  return [...new Set(symbols)];
}

function lowerKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The words of a headline, for telling one story told twice: case, punctuation and spacing aside. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
