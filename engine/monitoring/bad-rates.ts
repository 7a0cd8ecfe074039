/**
 * Bad rates with their counts, by risk class and by score band: a rate on 12 customers is shown
 * as such, so nobody reads a small cell as a trend.
 */
import type { LabelledDecision } from './default-definition.js';
import { bandLabel, binOf } from './population-stability.js';

export interface BadRateCell {
  /** Risk class id, or the band's label ("40–50"); "(none)" for decisions without a class. */
  key: string;
  /** Good + bad (decisions whose outcome is known). */
  count: number;
  bads: number;
  badRate: number | null;
}

const cell = (key: string, count: number, bads: number): BadRateCell => ({ key, count, bads, badRate: count > 0 ? bads / count : null });

const observed = (rows: readonly LabelledDecision[]) => rows.filter((r) => r.label === 'good' || r.label === 'bad');

export const NO_CLASS = '(none)';

/** By risk class, in `classes` order (then any class the data has that the list lacks, then "(none)" if used). */
export function badRatesByClass(rows: readonly LabelledDecision[], classes: readonly string[] = []): BadRateCell[] {
  const counts = new Map<string, [number, number]>(classes.map((c) => [c, [0, 0]]));
  for (const r of observed(rows)) {
    const key = r.decision.riskClass ?? NO_CLASS;
    const c = counts.get(key) ?? [0, 0];
    c[0]++;
    if (r.label === 'bad') c[1]++;
    counts.set(key, c);
  }
  const keys = [...counts.keys()].sort((a, b) => rank(a) - rank(b));
  function rank(key: string): number {
    if (key === NO_CLASS) return Number.MAX_SAFE_INTEGER;
    const i = classes.indexOf(key);
    return i >= 0 ? i : classes.length + [...counts.keys()].indexOf(key);
  }
  return keys.map((k) => cell(k, counts.get(k)![0], counts.get(k)![1]));
}

/** By score band (edges as in population stability); decisions without a score are left out. */
export function badRatesByBand(rows: readonly LabelledDecision[], edges: readonly number[]): BadRateCell[] {
  const count = new Array<number>(edges.length - 1).fill(0);
  const bads = new Array<number>(edges.length - 1).fill(0);
  for (const r of observed(rows)) {
    const score = r.decision.score;
    if (score === null || !Number.isFinite(score)) continue;
    const i = binOf(score, edges);
    count[i]!++;
    if (r.label === 'bad') bads[i]!++;
  }
  return count.map((n, i) => cell(bandLabel(edges, i), n, bads[i]!));
}
