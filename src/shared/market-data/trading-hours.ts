/** A trading session in UTC milliseconds: [start, end). */
export interface TradingSession {
  start: number;
  end: number;
}

/** The UTC time of a wall-clock time in an IANA time zone (IB's `US/Eastern` and the like are IANA names). */
export function zonedToUtc(y: number, month: number, d: number, h: number, min: number, timeZone: string): number {
  const asUtc = Date.UTC(y, month - 1, d, h, min);
  // The zone's offset at that moment, read back through Intl; twice, in case the first guess crossed a change of offset.
  let utc = asUtc - zoneOffsetMs(asUtc, timeZone);
  utc = asUtc - zoneOffsetMs(utc, timeZone);
  return utc;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset of `timeZone`'s wall clock from UTC at the moment `utc` (ms; New York in winter: −5 h). */
export function zoneOffsetMs(utc: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(utc));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(utc / 1000) * 1000;
}

/**
 * IB's trading or liquid hours (`20241202:0930-20241202:1600;20241207:CLOSED;…`, in the exchange's
 * time zone) as sessions in UTC, in order. CLOSED days have none; a part IB writes otherwise is
 * refused, naming it.
 */
export function parseTradingHours(text: string, timeZone: string): { ok: true; sessions: TradingSession[] } | { ok: false; error: string } {
  const sessions: TradingSession[] = [];
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    if (/^\d{8}:CLOSED$/.test(part)) continue;
    const m = /^(\d{4})(\d{2})(\d{2}):(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2}):(\d{2})(\d{2})$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not a session as IB writes them (YYYYMMDD:HHMM-YYYYMMDD:HHMM or YYYYMMDD:CLOSED)` };
    const [y1, mo1, d1, h1, mi1, y2, mo2, d2, h2, mi2] = m.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    try {
      sessions.push({ start: zonedToUtc(y1, mo1, d1, h1, mi1, timeZone), end: zonedToUtc(y2, mo2, d2, h2, mi2, timeZone) });
    } catch {
      return { ok: false, error: `"${timeZone}" is not a time zone this machine knows` };
    }
  }
  return { ok: true, sessions: sessions.sort((a, b) => a.start - b.start) };
}

const DAY_MS = 86_400_000;
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The trading day of a moment, as a day number (days since 1970-01-01), by the calendar of `timeZone`
 * (an exchange's); by UTC's when none is given. A day at an exchange in New York begins at midnight
 * there, five hours after midnight UTC in winter.
 */
export function tradingDay(ms: number, timeZone?: string): number {
  if (!timeZone) return Math.floor(ms / DAY_MS);
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return Math.floor(Date.parse(`${format.format(new Date(ms))}T00:00:00Z`) / DAY_MS);
}
