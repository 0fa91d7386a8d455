/** Decimal text ↔ scaled integers, exactly (no float rounding): "100.25" at 2 decimals is 10025. */
const DECIMAL = /^\d+(\.\d+)?$/;
export const MAX_DECIMALS = 8;

/** Digits after the point, or null if `text` is not a plain non-negative decimal. */
export function decimalsOf(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function toScaled(text: string, decimals: number): number {
  const [whole, frac = ''] = text.split('.');
  return Number(whole + frac.padEnd(decimals, '0'));
}

export function fromScaled(value: number, decimals: number): string {
  if (decimals === 0) return String(value);
  const digits = String(value).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
