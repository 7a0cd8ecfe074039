/**
 * How values appear in reason messages: deterministic and cheap (no Intl per decision).
 * Numbers get "," thousands separators and at most 2 decimals, trailing zeros dropped:
 * 60000 → "60,000", 0.35 → "0.35", 1234.5 → "1,234.5", -2500 → "-2,500".
 */

export const MISSING_TEXT = 'n/a';

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return MISSING_TEXT;
}

// Digit groups come from tables, not from number-to-string conversions: a reason message is
// built on every decision, and V8's dtoa for arbitrary numbers costs more than the whole rest.
/** Same tolerance as decimal-rounding.ts: a scaled value a few ulps below .5 counts as .5. */
const CENTS_TOLERANCE = 8 * Number.EPSILON;
const PLAIN = Array.from({ length: 1000 }, (_, i) => String(i));
const PADDED = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DECIMALS = Array.from({ length: 100 }, (_, f) => (f === 0 ? '' : f % 10 === 0 ? `.${f / 10}` : f < 10 ? `.0${f}` : `.${f}`));

/**
 * The text depends only on the signed number of cents, and amounts and ratios recur from one
 * decision to the next (a limit is a multiple of its step, a ratio has few cents values), while
 * gluing digit groups allocates a string per group: texts are memoised by signed cents in a small
 * direct-mapped table (fixed size, no eviction bookkeeping; a collision just rebuilds the text).
 */
const MEMO_BITS = 12;
const memoCents = new Float64Array(1 << MEMO_BITS).fill(NaN);
const memoTexts: string[] = new Array<string>(1 << MEMO_BITS).fill('');

export function formatNumber(value: number): string {
  if (!(value - value === 0)) return MISSING_TEXT; // NaN, ±Infinity
  const magnitude = value < 0 ? -value : value;
  if (magnitude < 1000 && magnitude === Math.floor(magnitude)) return value < 0 ? '-' + PLAIN[magnitude] : PLAIN[magnitude]; // the common case, no grouping
  const cents = centsOf(magnitude);
  if (cents > Number.MAX_SAFE_INTEGER) return String(value);
  if (cents === 0) return '0'; // -0.001 shows as "0", not "-0"
  const signed = value < 0 ? -cents : cents;
  const slot = Math.imul(signed | 0, 0x9e3779b1) >>> (32 - MEMO_BITS);
  if (memoCents[slot] === signed) return memoTexts[slot];
  const text = value < 0 ? '-' + centsText(cents) : centsText(cents);
  memoCents[slot] = signed;
  memoTexts[slot] = text;
  return text;
}

/** "1,234.5" for 123450 cents (a positive safe integer). */
function centsText(cents: number): string {
  let whole = Math.floor(cents / 100);
  const fraction = cents - whole * 100;
  let grouped = '';
  while (whole >= 1000) {
    const rest = Math.floor(whole / 1000);
    grouped = ',' + PADDED[whole - rest * 1000] + grouped;
    whole = rest;
  }
  return PLAIN[whole] + grouped + DECIMALS[fraction];
}

/** Math.round(roundScaled(magnitude, 100) * 100) without the round trip through a division. */
function centsOf(magnitude: number): number {
  const scaled = magnitude * 100;
  if (!(scaled < 4503599627370496)) return Math.round(scaled);
  const whole = Math.floor(scaled);
  return scaled - whole >= 0.5 - scaled * CENTS_TOLERANCE ? whole + 1 : whole;
}
