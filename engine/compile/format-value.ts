/**
 * How values appear in reason messages: deterministic and cheap (no Intl per decision).
 * Numbers get "," thousands separators and at most 2 decimals, trailing zeros dropped:
 * 60000 → "60,000", 0.35 → "0.35", 1234.5 → "1,234.5", -2500 → "-2,500".
 */
import { roundScaled } from '../expression/decimal-rounding.js';

export const MISSING_TEXT = 'n/a';

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return MISSING_TEXT;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return MISSING_TEXT;
  if (Number.isInteger(value) && value > -1000 && value < 1000) return value === 0 ? '0' : String(value); // the common case, no grouping
  const cents = Math.round(roundScaled(value < 0 ? -value : value, 100) * 100);
  if (cents > Number.MAX_SAFE_INTEGER) return String(value);
  const whole = Math.floor(cents / 100);
  const fraction = cents - whole * 100;
  let digits = String(whole);
  let grouped = '';
  while (digits.length > 3) {
    grouped = ',' + digits.slice(-3) + grouped;
    digits = digits.slice(0, -3);
  }
  grouped = digits + grouped;
  const decimals = fraction === 0 ? '' : fraction % 10 === 0 ? '.' + fraction / 10 : fraction < 10 ? '.0' + fraction : '.' + fraction;
  return (value < 0 && cents !== 0 ? '-' : '') + grouped + decimals;
}
