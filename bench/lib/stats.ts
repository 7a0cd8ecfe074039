/** Medians with their spread: the machine is shared, so one run proves nothing. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Median of per-run ratios a[i] / b[i]: runs measured back to back share the machine's mood. */
export function ratioSpread(a: number[], b: number[]): Spread {
  return spread(a.map((x, i) => x / b[i]));
}

export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toPrecision(digits);
}

export function fmtSpread(s: Spread, unit = ''): string {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})${unit}`;
}
