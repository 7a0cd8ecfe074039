/** Scorecards: weights, scale, and bands that cover every value exactly once. */
import type { NodeOfKind, ScoreBand, ScoreCriterion } from '../model/policy-schema.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { NameType, PolicyContext } from './policy-context.js';
import { show } from './show-value.js';

const EPSILON = 1e-9;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6))));

export function checkScorecard(ctx: PolicyContext, node: NodeOfKind<'scorecard'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);
  const { min: low, max: high } = config.scale;
  const scaleValid = low < high;
  if (!scaleValid) out.report('SCALE_INVALID', at('scale'), `scale min ${fmt(low)} must be below max ${fmt(high)}`);

  if (config.scoring === 'sum') {
    config.criteria.forEach((c, i) => {
      if (c.weight !== undefined) out.report('WEIGHT_IGNORED', at('criteria', i, 'weight'), 'never used: scoring "sum" adds the points of every criterion as they are');
    });
    if (config.missingRule === 'reweight')
      out.report('SCORING_MISSING_RULE', at('missingRule'), 'scoring "sum" needs missingRule "points": a sum cannot re-spread the weight of a missing criterion');
  } else {
    const unweighted = config.criteria.filter((c) => c.weight === undefined).map((c) => c.id);
    const total = config.criteria.reduce((sum, c) => sum + (c.weight ?? 0), 0);
    if (unweighted.length > 0) {
      out.report('WEIGHTS_TOTAL', at('criteria'), `${unweighted.join(', ')} ${unweighted.length === 1 ? 'has' : 'have'} no weight: a weighted-average scorecard gives every criterion a weight (or set scoring to "sum")`);
    } else if (Math.abs(total - 100) > 1e-6) {
      out.report('WEIGHTS_TOTAL', at('criteria'), `criterion weights total ${fmt(total)}, not 100 (${config.criteria.map((c) => `${c.id} ${fmt(c.weight ?? 0)}`).join(', ')})`);
    }
  }

  config.criteria.forEach((criterion, c) => {
    const path = (...rest: (string | number)[]) => at('criteria', c, ...rest);
    const visible = resolveName(ctx, criterion.variable, { nodeIndex: n, path: path('variable'), verb: 'criterion reads' });
    const type: NameType = visible ? ctx.types.get(criterion.variable) ?? { type: 'unknown' } : { type: 'unknown' };

    if (scaleValid) {
      criterion.bands.forEach((band, b) => {
        if (band.points < low - EPSILON || band.points > high + EPSILON)
          out.report('POINTS_OUTSIDE_SCALE', path('bands', b, 'points'), `${fmt(band.points)} points lie outside the scale ${fmt(low)}–${fmt(high)}`);
      });
      if (criterion.missingPoints !== undefined && (criterion.missingPoints < low - EPSILON || criterion.missingPoints > high + EPSILON))
        out.report('POINTS_OUTSIDE_SCALE', path('missingPoints'), `${fmt(criterion.missingPoints)} lies outside the scale ${fmt(low)}–${fmt(high)}`);
    }
    if (config.missingRule === 'points' && criterion.missingPoints === undefined)
      out.report('MISSING_POINTS_UNSET', path(), `missingRule is "points" but missingPoints is not set: a missing value scores the scale minimum (${fmt(low)})`);
    if (config.missingRule === 'reweight' && criterion.missingPoints !== undefined)
      out.report('MISSING_POINTS_IGNORED', path('missingPoints'), 'never used, because missingRule is "reweight"');

    checkBands(ctx, criterion, type, (...rest) => path(...rest));
  });
}

type PathOf = (...rest: (string | number)[]) => string;
const isValueBand = (band: ScoreBand) => band.values !== undefined;

function checkBands(ctx: PolicyContext, criterion: ScoreCriterion, type: NameType, path: PathOf): void {
  const { out } = ctx;
  const numeric: { band: ScoreBand; index: number }[] = [];
  criterion.bands.forEach((band, b) => {
    const bounded = band.min !== undefined || band.max !== undefined;
    if (isValueBand(band) && bounded) {
      out.report('BAND_INVALID', path('bands', b), 'a band lists either values or min/max bounds, not both');
      return;
    }
    const singleValue = band.min === band.max && band.minInclusive !== false && band.maxInclusive === true;
    if (band.min !== undefined && band.max !== undefined && band.min >= band.max && !singleValue) {
      out.report('BAND_INVALID', path('bands', b), `min ${fmt(band.min)} must be below max ${fmt(band.max)} (bands are [min, max) unless minInclusive/maxInclusive say otherwise)`);
      return;
    }
    if (isValueBand(band) && (band.minInclusive !== undefined || band.maxInclusive !== undefined)) {
      out.report('BAND_INVALID', path('bands', b), 'minInclusive/maxInclusive apply to min/max bounds, not to a list of values');
      return;
    }
    if (isValueBand(band)) {
      if (type.type === 'number') out.report('BAND_TYPE_MISMATCH', path('bands', b, 'values'), `'${criterion.variable}' is a number: use min/max bounds, not a list of values`);
    } else {
      if (type.type === 'string' || type.type === 'boolean')
        out.report('BAND_TYPE_MISMATCH', path('bands', b), `'${criterion.variable}' is ${type.values && type.type === 'string' ? 'an enum' : `a ${type.type}`}: list the values of this band instead of min/max bounds`);
      numeric.push({ band, index: b });
    }
  });

  checkNumericCoverage(ctx, criterion, numeric, path);
  checkValueBands(ctx, criterion, type, path);
}

/** A numeric band as an interval: each end a number (±Infinity when open-ended) and whether it belongs. */
interface Interval {
  start: number;
  startIn: boolean;
  end: number;
  endIn: boolean;
  index: number;
}

const intervalOf = (band: ScoreBand, index: number): Interval => ({
  start: band.min ?? -Infinity,
  startIn: band.min !== undefined && band.minInclusive !== false,
  end: band.max ?? Infinity,
  endIn: band.max !== undefined && band.maxInclusive === true,
  index,
});

/** "between 1 and 2", "of exactly 2", "below 1"… for the values from `a` to `b`, ends included or not. */
function describeRange(a: number, aIn: boolean, b: number, bIn: boolean): string {
  if (a === b) return `of exactly ${fmt(a)}`;
  if (a === -Infinity) return `${bIn ? 'up to' : 'below'} ${fmt(b)}`;
  if (b === Infinity) return `${aIn ? 'from' : 'above'} ${fmt(a)} up`;
  return `${aIn ? 'from' : 'above'} ${fmt(a)} ${bIn ? 'to' : 'to below'} ${fmt(b)}`;
}

/**
 * Sorted by lower end, consecutive bands must meet exactly — at a shared bound, exactly one of the
 * two bands holds the value itself: report the exact gap or overlap.
 */
function checkNumericCoverage(ctx: PolicyContext, criterion: ScoreCriterion, numeric: { band: ScoreBand; index: number }[], path: PathOf): void {
  if (numeric.length === 0) return;
  const sorted = numeric.map(({ band, index }) => intervalOf(band, index))
    .sort((a, b) => a.start - b.start || Number(b.startIn) - Number(a.startIn) || a.index - b.index);
  const input = ctx.inputs.get(criterion.variable);
  const inputLow = input?.min ?? -Infinity;
  const inputLowIn = input?.min !== undefined && input.minInclusive !== false;
  const inputHigh = input?.max ?? Infinity;
  const inputHighIn = input?.max !== undefined && input.maxInclusive !== false;
  const first = sorted[0]!;
  if (first.start > inputLow || (first.start === inputLow && first.start !== -Infinity && inputLowIn && !first.startIn)) {
    const range = describeRange(inputLow, inputLowIn, first.start, !first.startIn);
    ctx.out.report('BAND_GAP', path('bands', first.index, 'min'), `values ${range} fall in no band (they score as missing)`);
  }
  let reach = first.end;
  let reachIn = first.endIn;
  let reachIndex = first.index;
  for (const band of sorted.slice(1)) {
    if (band.start > reach || (band.start === reach && !reachIn && !band.startIn)) {
      ctx.out.report('BAND_GAP', path('bands', band.index, 'min'), `values ${describeRange(reach, !reachIn, band.start, !band.startIn)} fall in no band (they score as missing)`);
    } else if (band.start < reach || (band.start === reach && reachIn && band.startIn && reach !== Infinity)) {
      const endsFirst = band.end < reach || (band.end === reach && !(band.endIn && !reachIn));
      const range = describeRange(band.start, band.startIn, endsFirst ? band.end : reach, endsFirst ? band.endIn : reachIn);
      ctx.out.report('BAND_OVERLAP', path('bands', band.index), `overlaps band ${reachIndex + 1}: values ${range} fall in both (the first listed wins)`);
    }
    if (band.end > reach || (band.end === reach && band.endIn && !reachIn)) {
      reach = band.end;
      reachIn = band.endIn;
      reachIndex = band.index;
    }
  }
  if (reach < inputHigh || (reach === inputHigh && reach !== Infinity && inputHighIn && !reachIn)) {
    const range = describeRange(reach, !reachIn, inputHigh, inputHighIn);
    ctx.out.report('BAND_GAP', path('bands', reachIndex, 'max'), `values ${range} fall in no band (they score as missing${reachIn ? '' : '; max is exclusive unless maxInclusive is true'})`);
  }
}

function checkValueBands(ctx: PolicyContext, criterion: ScoreCriterion, type: NameType, path: PathOf): void {
  const { out } = ctx;
  const firstBand = new Map<string | number | boolean, number>();
  criterion.bands.forEach((band, b) => {
    if (!band.values || band.min !== undefined || band.max !== undefined) return;
    band.values.forEach((value, v) => {
      const where = path('bands', b, 'values', v);
      const earlier = firstBand.get(value);
      if (earlier !== undefined && earlier !== b) out.report('BAND_DUPLICATE_VALUE', where, `${show(value)} is already in band ${earlier + 1} (the first band wins)`);
      else if (earlier === b) out.report('BAND_DUPLICATE_VALUE', where, `${show(value)} is listed twice in this band`);
      else firstBand.set(value, b);
      if (type.type === 'unknown' || type.type === 'number') return;
      if (typeof value !== type.type) out.report('BAND_TYPE_MISMATCH', where, `'${criterion.variable}' is a ${type.type}, so the ${typeof value} ${show(value)} never matches`);
      else if (type.values && !type.values.includes(value as string | boolean)) out.report('VALUE_NOT_IN_ENUM', where, `${show(value)} is not a possible value of '${criterion.variable}' (${type.values.map(String).join(', ')})`);
    });
  });
  const hasValueBands = criterion.bands.some((band) => band.values !== undefined);
  if (hasValueBands && type.values) {
    const uncovered = type.values.filter((value) => !firstBand.has(value));
    if (uncovered.length > 0)
      out.report('BAND_VALUE_NOT_COVERED', path('bands'), `${uncovered.map(show).join(', ')} ${uncovered.length === 1 ? 'is' : 'are'} in no band, so ${uncovered.length === 1 ? 'it scores' : 'they score'} as missing`);
  }
}
