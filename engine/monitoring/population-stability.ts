/**
 * Has the population the policy scores moved away from the one it was built on? The population
 * stability index compares two distributions over the same bins:
 *
 *   PSI = Σ over bins (current% − baseline%) · ln(current% / baseline%)
 *
 * Conventional reading: < 0.10 stable · 0.10–0.25 a shift worth watching · ≥ 0.25 a significant
 * shift (re-examine the scorecard). Empty bins: ln(0) is undefined, so when a side has an empty
 * bin, 0.5 is added to every bin count of that side before taking shares (a rule whose effect
 * shrinks as the sample grows, unlike a fixed floor of 0.01 %).
 */

export const PSI_WATCH = 0.1;
export const PSI_SHIFT = 0.25;

export type StabilityLevel = 'stable' | 'watch' | 'shift';

export const stabilityLevel = (index: number): StabilityLevel => (index >= PSI_SHIFT ? 'shift' : index >= PSI_WATCH ? 'watch' : 'stable');

export interface StabilityBin {
  label: string;
  baselineCount: number;
  currentCount: number;
  /** Shares after the empty-bin rule. */
  baselineShare: number;
  currentShare: number;
  /** This bin's term of the sum. */
  contribution: number;
}

export interface Stability {
  /** null when a side is empty. */
  index: number | null;
  level: StabilityLevel | null;
  baselineTotal: number;
  currentTotal: number;
  bins: StabilityBin[];
}

/** PSI over bins whose counts are given, side by side. */
export function stabilityFromCounts(labels: readonly string[], baseline: readonly number[], current: readonly number[]): Stability {
  const baselineTotal = sum(baseline);
  const currentTotal = sum(current);
  if (baselineTotal === 0 || currentTotal === 0) {
    const bins = labels.map((label, i) => ({ label, baselineCount: baseline[i]!, currentCount: current[i]!, baselineShare: 0, currentShare: 0, contribution: 0 }));
    return { index: null, level: null, baselineTotal, currentTotal, bins };
  }
  const pb = shares(baseline);
  const pc = shares(current);
  let index = 0;
  const bins = labels.map((label, i) => {
    const contribution = (pc[i]! - pb[i]!) * Math.log(pc[i]! / pb[i]!);
    index += contribution;
    return { label, baselineCount: baseline[i]!, currentCount: current[i]!, baselineShare: pb[i]!, currentShare: pc[i]!, contribution };
  });
  return { index, level: stabilityLevel(index), baselineTotal, currentTotal, bins };
}

function shares(counts: readonly number[]): number[] {
  const smoothed = counts.some((c) => c === 0) ? counts.map((c) => c + 0.5) : [...counts];
  const total = sum(smoothed);
  return smoothed.map((c) => c / total);
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Bin of a score among increasing edges e0 < e1 < … < ek: [e_i, e_i+1), the last bin closed
 * [e_k−1, e_k]. Scores below e0 count in the first bin, above e_k in the last (a score scale's
 * ends are not always reached, but nothing is left out).
 */
export function binOf(score: number, edges: readonly number[]): number {
  const last = edges.length - 2;
  if (score < edges[1]!) return 0;
  if (score >= edges[last]!) return last;
  let lo = 1;
  let hi = last; // edges[lo] ≤ score < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (score < edges[mid]!) hi = mid;
    else lo = mid;
  }
  return lo;
}

export function binCounts(scores: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const s of scores) if (Number.isFinite(s)) counts[binOf(s, edges)]!++;
  return counts;
}

export const bandLabel = (edges: readonly number[], i: number): string => `${edges[i]}–${edges[i + 1]}`;

/** `count` equal-width bands over [min, max]. */
export function equalBands(min: number, max: number, count = 10): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (i === count ? max : min + ((max - min) * i) / count));
}

export function checkEdges(edges: readonly number[]): string | null {
  if (edges.length < 2) return 'needs at least two edges';
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]!)) return `edge ${i + 1} is not a finite number`;
    if (i > 0 && !(edges[i]! > edges[i - 1]!)) return `edges must increase (edge ${i + 1}, ${edges[i]}, is not above ${edges[i - 1]})`;
  }
  return null;
}

/** PSI of the score distribution: current scores against baseline scores, in the bands of `edges`. */
export function populationStability(baseline: readonly number[], current: readonly number[], edges: readonly number[]): Stability {
  const problem = checkEdges(edges);
  if (problem) throw new RangeError(`score bands: ${problem}`);
  const labels = edges.slice(0, -1).map((_, i) => bandLabel(edges, i));
  return stabilityFromCounts(labels, binCounts(baseline, edges), binCounts(current, edges));
}

/** Characteristic stability of one scorecard criterion: the same index over its bands (and "missing"). */
export interface CharacteristicStability extends Stability {
  criterion: string;
  /** Average points of the criterion, baseline and current: how much of the score shift it explains. */
  baselinePoints: number | null;
  currentPoints: number | null;
}

export const MISSING_BAND = 'missing';

export function characteristicStability(
  criterion: string,
  baseline: readonly { band: number | null; points: number }[],
  current: readonly { band: number | null; points: number }[],
): CharacteristicStability {
  const keys = new Set<string>();
  const key = (band: number | null) => (band === null ? MISSING_BAND : String(band));
  for (const r of baseline) keys.add(key(r.band));
  for (const r of current) keys.add(key(r.band));
  // Bands in their order in the scorecard, "missing" last.
  const labels = [...keys].sort((a, b) => (a === MISSING_BAND ? 1 : b === MISSING_BAND ? -1 : Number(a) - Number(b)));
  const count = (rows: readonly { band: number | null }[]) => {
    const counts = new Map(labels.map((l) => [l, 0]));
    for (const r of rows) counts.set(key(r.band), counts.get(key(r.band))! + 1);
    return labels.map((l) => counts.get(l)!);
  };
  const mean = (rows: readonly { points: number }[]) => (rows.length === 0 ? null : rows.reduce((a, r) => a + r.points, 0) / rows.length);
  // Labels stay codes (the band's index from 0, or "missing"): the reports word them per language.
  const stability = stabilityFromCounts(labels, count(baseline), count(current));
  return { ...stability, criterion, baselinePoints: mean(baseline), currentPoints: mean(current) };
}
