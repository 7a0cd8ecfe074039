/**
 * A scorecard's figures table, computed once per Σ weights and cached: everything about a
 * criterion's result that depends only on Σ weights and the row the criterion fell in, so a
 * decision reads it instead of redoing the arithmetic and the formatting.
 *
 * A criterion has one row per band and a last one for a missing value; each row has
 * FIGURE_STRIDE entries.
 */
import type { Language, ScalarValue } from '../model/policy-schema.js';
import { SCORE_CRITERION_TEXT, VALUE_FORMATTERS } from '../i18n/engine-messages.js';

/** Offsets of a row's entries in the table. */
export const FIGURE = {
  /** Effective weight (%), rounded to 4 decimals. */
  weight: 0,
  /** Score points the criterion adds, rounded to 4 decimals. */
  contribution: 1,
  /** Score points lost against the criterion's best band, rounded to 4 decimals. */
  lost: 2,
  /** The end of the criterion's explanation: ") cost <lost> points". */
  costText: 3,
  /** The whole criterion result, frozen, for a row that fixes the value (else null). */
  result: 4,
  /** The start of the explanation: "<label> (". */
  explanationStart: 5,
  /** The criterion id, as the explanation's ruleId. */
  ruleId: 6,
  /** `lost` × 10,000, an integer: ranks the losses with integer comparisons (same order, same ties). */
  lostRank: 7,
} as const;
export const FIGURE_STRIDE = 8;

export interface RowLayout {
  /** Band index; null for the missing row. */
  band: number | null;
  points: number;
  /** Whether every decision in this row has the value `value` (a band's single listed value, or null: absent). */
  fixed: boolean;
  value: ScalarValue;
}

export interface CriterionLayout {
  id: string;
  /** In the language of the generated function. */
  label?: string;
  language: Language;
  weight: number;
  /** Sum scoring: the effective weight is the weight itself (100 %), not a share of Σ weights. */
  sum: boolean;
  /** Points of the criterion's best band. */
  best: number;
  /** Rule "points": a missing value keeps its weight; "reweight": it drops out. */
  missingWeighs: boolean;
  rows: readonly RowLayout[];
}

/** Beyond this many distinct Σ weights a scorecard stops caching (integer weights totalling 100 give at most 101). */
const MAX_CACHED_SUMS = 256;

/**
 * The table for one Σ weights. The numbers come from the very arithmetic the per-decision code
 * used to do, so they are identical; a shared result is frozen, so a caller that mutates a
 * decision fails loudly instead of changing the ones that follow.
 */
export function scoreFigures(cache: Map<number, unknown[]>, sw: number, layout: readonly CriterionLayout[]): unknown[] {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;
  const figures: unknown[] = [];
  for (const c of layout) {
    for (const row of c.rows) {
      const missing = row.band === null;
      const w = missing && !c.missingWeighs ? 0 : c.weight;
      const e = c.sum ? w : sw > 0 ? (w * 100) / sw : 0;
      const weight = r4(e);
      const contribution = r4((e * row.points) / 100);
      const lost = r4((e * (c.best - row.points)) / 100);
      // Same keys in the same order as the result the generated code builds.
      const result = row.fixed
        ? Object.freeze({ id: c.id, ...(c.label !== undefined ? { label: c.label } : {}), value: row.value, band: row.band, points: row.points, weight, contribution, lost, missing })
        : null;
      const words = SCORE_CRITERION_TEXT[c.language];
      const costText = `${words.cost}${VALUE_FORMATTERS[c.language](lost)}${c.sum ? words.pointsOfSum : words.points}`;
      figures.push(weight, contribution, lost, costText, result, `${c.label ?? c.id} (`, c.id, Math.round(lost * 1e4));
    }
  }
  if (cache.size < MAX_CACHED_SUMS) cache.set(sw, figures);
  return figures;
}
