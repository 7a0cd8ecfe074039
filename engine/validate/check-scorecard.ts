/** Scorecards: weights, scale, and bands that cover every value exactly once. */
import type { NodeOfKind, ScoreBand, ScoreCriterion } from '../model/policy-schema.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { NameType, PolicyContext } from './policy-context.js';
import { says, type ValueRange } from '../i18n/diagnostic-messages.js';

const EPSILON = 1e-9;

export function checkScorecard(ctx: PolicyContext, node: NodeOfKind<'scorecard'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);
  const { min: low, max: high } = config.scale;
  const scaleValid = low < high;
  if (!scaleValid) out.report('SCALE_INVALID', at('scale'), says('scaleInvalid', { min: low, max: high }));

  if (config.scoring === 'sum') {
    config.criteria.forEach((c, i) => {
      if (c.weight !== undefined) out.report('WEIGHT_IGNORED', at('criteria', i, 'weight'), says('weightIgnored', {}));
    });
    if (config.missingRule === 'reweight')
      out.report('SCORING_MISSING_RULE', at('missingRule'), says('sumNeedsPoints', {}));
  } else {
    const unweighted = config.criteria.filter((c) => c.weight === undefined).map((c) => c.id);
    const total = config.criteria.reduce((sum, c) => sum + (c.weight ?? 0), 0);
    if (unweighted.length > 0) {
      out.report('WEIGHTS_TOTAL', at('criteria'), says('criteriaUnweighted', { criteria: unweighted }));
    } else if (Math.abs(total - 100) > 1e-6) {
      out.report('WEIGHTS_TOTAL', at('criteria'), says('weightsTotal', { total, weights: config.criteria.map((c) => ({ criterion: c.id, weight: c.weight ?? 0 })) }));
    }
  }

  config.criteria.forEach((criterion, c) => {
    const path = (...rest: (string | number)[]) => at('criteria', c, ...rest);
    const visible = resolveName(ctx, criterion.variable, { nodeIndex: n, path: path('variable'), verb: 'criterion reads' });
    const type: NameType = visible ? ctx.types.get(criterion.variable) ?? { type: 'unknown' } : { type: 'unknown' };

    if (scaleValid) {
      criterion.bands.forEach((band, b) => {
        if (band.points < low - EPSILON || band.points > high + EPSILON)
          out.report('POINTS_OUTSIDE_SCALE', path('bands', b, 'points'), says('pointsOutsideScale', { points: band.points, min: low, max: high }));
      });
      if (criterion.missingPoints !== undefined && (criterion.missingPoints < low - EPSILON || criterion.missingPoints > high + EPSILON))
        out.report('POINTS_OUTSIDE_SCALE', path('missingPoints'), says('missingPointsOutsideScale', { points: criterion.missingPoints, min: low, max: high }));
    }
    if (config.missingRule === 'points' && criterion.missingPoints === undefined)
      out.report('MISSING_POINTS_UNSET', path(), says('missingPointsUnset', { min: low }));
    if (config.missingRule === 'reweight' && criterion.missingPoints !== undefined)
      out.report('MISSING_POINTS_IGNORED', path('missingPoints'), says('missingPointsIgnored', {}));

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
      out.report('BAND_INVALID', path('bands', b), says('bandValuesAndBounds', {}));
      return;
    }
    const singleValue = band.min === band.max && band.minInclusive !== false && band.maxInclusive === true;
    if (band.min !== undefined && band.max !== undefined && band.min >= band.max && !singleValue) {
      out.report('BAND_INVALID', path('bands', b), says('bandMinAboveMax', { min: band.min, max: band.max }));
      return;
    }
    if (isValueBand(band) && (band.minInclusive !== undefined || band.maxInclusive !== undefined)) {
      out.report('BAND_INVALID', path('bands', b), says('bandInclusiveOnValues', {}));
      return;
    }
    if (isValueBand(band)) {
      if (type.type === 'number') out.report('BAND_TYPE_MISMATCH', path('bands', b, 'values'), says('bandNumberNeedsBounds', { variable: criterion.variable }));
    } else {
      if (type.type === 'string' || type.type === 'boolean')
        out.report('BAND_TYPE_MISMATCH', path('bands', b), says('bandNeedsValues', { variable: criterion.variable, type: type.values && type.type === 'string' ? 'enum' : type.type }));
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
function describeRange(a: number, aIn: boolean, b: number, bIn: boolean): ValueRange {
  return { from: Number.isFinite(a) ? a : null, fromIn: aIn, to: Number.isFinite(b) ? b : null, toIn: bIn };
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
    ctx.out.report('BAND_GAP', path('bands', first.index, 'min'), says('bandGap', { range, maxExclusiveHint: false }));
  }
  let reach = first.end;
  let reachIn = first.endIn;
  let reachIndex = first.index;
  for (const band of sorted.slice(1)) {
    if (band.start > reach || (band.start === reach && !reachIn && !band.startIn)) {
      ctx.out.report('BAND_GAP', path('bands', band.index, 'min'), says('bandGap', { range: describeRange(reach, !reachIn, band.start, !band.startIn), maxExclusiveHint: false }));
    } else if (band.start < reach || (band.start === reach && reachIn && band.startIn && reach !== Infinity)) {
      const endsFirst = band.end < reach || (band.end === reach && !(band.endIn && !reachIn));
      const range = describeRange(band.start, band.startIn, endsFirst ? band.end : reach, endsFirst ? band.endIn : reachIn);
      ctx.out.report('BAND_OVERLAP', path('bands', band.index), says('bandOverlap', { band: reachIndex + 1, range }));
    }
    if (band.end > reach || (band.end === reach && band.endIn && !reachIn)) {
      reach = band.end;
      reachIn = band.endIn;
      reachIndex = band.index;
    }
  }
  if (reach < inputHigh || (reach === inputHigh && reach !== Infinity && inputHighIn && !reachIn)) {
    const range = describeRange(reach, !reachIn, inputHigh, inputHighIn);
    ctx.out.report('BAND_GAP', path('bands', reachIndex, 'max'), says('bandGap', { range, maxExclusiveHint: !reachIn }));
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
      if (earlier !== undefined && earlier !== b) out.report('BAND_DUPLICATE_VALUE', where, says('bandDuplicateValue', { value, band: earlier + 1 }));
      else if (earlier === b) out.report('BAND_DUPLICATE_VALUE', where, says('bandValueTwice', { value }));
      else firstBand.set(value, b);
      if (type.type === 'unknown' || type.type === 'number') return;
      if (typeof value !== type.type) out.report('BAND_TYPE_MISMATCH', where, says('bandValueTypeMismatch', { variable: criterion.variable, type: type.type, valueType: typeof value, value }));
      else if (type.values && !type.values.includes(value as string | boolean)) out.report('VALUE_NOT_IN_ENUM', where, says('valueNotInEnum', { value, name: criterion.variable, values: type.values }));
    });
  });
  const hasValueBands = criterion.bands.some((band) => band.values !== undefined);
  if (hasValueBands && type.values) {
    const uncovered = type.values.filter((value) => !firstBand.has(value));
    if (uncovered.length > 0)
      out.report('BAND_VALUE_NOT_COVERED', path('bands'), says('bandValuesUncovered', { values: uncovered }));
  }
}
