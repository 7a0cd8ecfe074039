/**
 * The floor for the small policy (rulesets/examples/springate.json, 4 nodes: the S-score formula,
 * a two-class ladder, an approval, the decision), written by hand as a developer would code it
 * without an engine — in two forms:
 * - `springateFullDecision`: the very decision the compiled policy returns (same fields, same
 *   reason text, same variables, same rounding), so "compiled ÷ hand-written" is what compiling
 *   costs;
 * - `springateScoreAndZone`: only the score and the zone, the least any implementation computes.
 */
import { roundHalfAway as round } from './round-half-away.js';

type Facts = Record<string, unknown>;

const CUTOFF = 0.862;

/** A quotient of two known numbers, or undefined (division by zero, overflow), -0 shown as 0. */
function quotient(a: unknown, b: unknown): number | undefined {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return undefined;
  const q = a / b;
  return Number.isFinite(q) ? q + 0 : undefined;
}

/** A number with 4 decimals, half away from zero, thousands grouped with commas (the engine's English reading). */
function fourDecimals(value: number): string {
  const magnitude = round(value < 0 ? -value : value, 1e4);
  let text = magnitude.toFixed(4);
  if (magnitude >= 1000) {
    const point = text.length - 5;
    let whole = text.slice(0, point);
    for (let at = whole.length - 3; at > 0; at -= 3) whole = `${whole.slice(0, at)},${whole.slice(at)}`;
    text = whole + text.slice(point);
  }
  return value < 0 && magnitude !== 0 ? `-${text}` : text;
}

export function springateFullDecision(facts: Facts) {
  const totalAssets = facts.totalAssets;
  const a = quotient(facts.workingCapital, totalAssets);
  const b = quotient(facts.ebit, totalAssets);
  const c = quotient(facts.profitBeforeTax, facts.currentLiabilities);
  const d = quotient(facts.sales, totalAssets);
  let s: number | undefined;
  if (a !== undefined && b !== undefined && c !== undefined && d !== undefined) {
    const raw = 1.03 * a + 3.07 * b + 0.66 * c + 0.4 * d;
    if (Number.isFinite(raw)) s = round(raw, 1e6);
  }
  const reasons: object[] = [];
  let failing = true;
  if (s === undefined) reasons.push({ code: 'SCORE_MISSING', message: 'No score could be computed: the worst risk class applies', nodeId: 'zone' });
  else failing = s < CUTOFF;
  const zone = failing ? 'failing' : 'sound';
  const shown = s === undefined ? 'n/a' : fourDecimals(s);
  if (failing) {
    reasons.push({ code: 'S_BELOW_CUTOFF', message: `S = ${shown} is below Springate's cut-off of 0.862: classified as failing.`, nodeId: 'verdict', params: { s: s ?? null }, ruleId: 'failing', effect: 'refuse' });
  } else {
    reasons.push({ code: 'S_AT_OR_ABOVE_CUTOFF', message: `S = ${shown} is at or above Springate's cut-off of 0.862.`, nodeId: 'verdict', params: { s: s ?? null }, effect: 'accept' });
  }
  const outcome = failing ? 'refuse' : 'accept';
  return {
    outcome,
    approvalLevel: null,
    score: null,
    scoreScale: null,
    riskClass: zone,
    creditLimit: null,
    collectionScenario: null,
    reasons,
    scorecard: [],
    variables: {
      a: a ?? null,
      b: b ?? null,
      c: c ?? null,
      d: d ?? null,
      s: s ?? null,
      zone,
      zoneRank: failing ? 1 : 0,
      approvalOutcome: outcome,
      approvalLevel: null,
      approvalAmount: null,
      authorityAmount: null,
    },
  };
}

/** Score and zone only (what the first measure compared: 13× in the compiled engine's disfavour). */
export function springateScoreAndZone(facts: Facts): { s: number; zone: 'sound' | 'failing' } {
  const totalAssets = facts.totalAssets as number;
  const s = round(
    1.03 * ((facts.workingCapital as number) / totalAssets) +
      3.07 * ((facts.ebit as number) / totalAssets) +
      0.66 * ((facts.profitBeforeTax as number) / (facts.currentLiabilities as number)) +
      0.4 * ((facts.sales as number) / totalAssets),
    1e6,
  );
  return { s, zone: s < CUTOFF ? 'failing' : 'sound' };
}
