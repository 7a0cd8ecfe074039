/**
 * `{name:N}` placeholders of reason messages (a number with exactly N decimals) without regular
 * expressions or string splitting: the text is glued from digit tables, as format-value.ts does
 * for plain values. Same text as FIXED_FORMATTERS (engine/i18n) for every input — that function
 * stays the definition and takes every case this one does not (not a finite number, more than 6
 * decimals, magnitudes ≥ 2^48 at that scale); tests/engine/format-fixed.test.ts compares them.
 * A small policy's decision is mostly its output: this placeholder was a third of Springate's.
 */
import { roundScaled } from '../expression/decimal-rounding.js';
import { FIXED_FORMATTERS } from '../i18n/engine-messages.js';
import type { Language } from '../model/policy-schema.js';

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
const PLAIN = Array.from({ length: 1000 }, (_, i) => String(i));
const PADDED = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const NARROW_NBSP = '\u202f';

function fixedFormatter(language: Language, group: string, point: string): (value: unknown, decimals: number) => string {
  const general = FIXED_FORMATTERS[language];
  return (value, decimals) => {
    if (typeof value !== 'number' || !(value - value === 0) || !(decimals >= 0 && decimals <= 6) || decimals !== Math.floor(decimals)) return general(value, decimals);
    const scale = POW10[decimals]!;
    const rounded = roundScaled(value, scale);
    const magnitude = rounded < 0 ? -rounded : rounded;
    const scaled = Math.round(magnitude * scale);
    // Below 2^48 the double is within 1/32 of the decimal it stands for, so the digits are those of toFixed.
    if (!(scaled < 281474976710656)) return general(value, decimals);
    let whole = Math.floor(scaled / scale);
    const fraction = scaled - whole * scale;
    let grouped = '';
    while (whole >= 1000) {
      const rest = Math.floor(whole / 1000);
      grouped = group + PADDED[whole - rest * 1000] + grouped;
      whole = rest;
    }
    let text = PLAIN[whole] + grouped;
    if (decimals > 0) text += point + (decimals === 3 ? PADDED[fraction] : String(scale + fraction).slice(1));
    return value < 0 && scaled !== 0 ? '-' + text : text;
  };
}

export const formatFixedEn = fixedFormatter('en', ',', '.');
export const formatFixedFr = fixedFormatter('fr', NARROW_NBSP, ',');
