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

  const total = config.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (Math.abs(total - 100) > 1e-6) {
    out.report('WEIGHTS_TOTAL', at('criteria'), `criterion weights total ${fmt(total)}, not 100 (${config.criteria.map((c) => `${c.id} ${fmt(c.weight)}`).join(', ')})`);
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
    if (band.min !== undefined && band.max !== undefined && band.min >= band.max) {
      out.report('BAND_INVALID', path('bands', b), `min ${fmt(band.min)} must be below max ${fmt(band.max)} (bands are [min, max))`);
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

/** Sorted by min, consecutive bands must meet exactly: report the exact gap or overlap. */
function checkNumericCoverage(ctx: PolicyContext, criterion: ScoreCriterion, numeric: { band: ScoreBand; index: number }[], path: PathOf): void {
  if (numeric.length === 0) return;
  const sorted = [...numeric].sort((a, b) => (a.band.min ?? -Infinity) - (b.band.min ?? -Infinity) || a.index - b.index);
  const input = ctx.inputs.get(criterion.variable);
  const lowest = sorted[0]!.band.min;
  if (lowest !== undefined && (input?.min === undefined || input.min < lowest)) {
    const from = input?.min !== undefined ? `between ${fmt(input.min)} and ${fmt(lowest)}` : `below ${fmt(lowest)}`;
    ctx.out.report('BAND_GAP', path('bands', sorted[0]!.index, 'min'), `values ${from} fall in no band (they score as missing)`);
  }
  let reach = sorted[0]!.band.max ?? Infinity;
  let reachIndex = sorted[0]!.index;
  for (const { band, index } of sorted.slice(1)) {
    const start = band.min ?? -Infinity;
    const end = band.max ?? Infinity;
    if (start > reach) {
      ctx.out.report('BAND_GAP', path('bands', index, 'min'), `values between ${fmt(reach)} and ${fmt(start)} fall in no band (they score as missing)`);
    } else if (start < reach) {
      const overlapEnd = Math.min(reach, end);
      const range = start === -Infinity ? `below ${fmt(overlapEnd)}` : overlapEnd === Infinity ? `from ${fmt(start)} up` : `between ${fmt(start)} and ${fmt(overlapEnd)}`;
      ctx.out.report('BAND_OVERLAP', path('bands', index), `overlaps band ${reachIndex + 1}: values ${range} fall in both (the first listed wins)`);
    }
    if (end > reach) {
      reach = end;
      reachIndex = index;
    }
  }
  if (reach !== Infinity && (input?.max === undefined || input.max >= reach)) {
    const to = input?.max !== undefined ? `from ${fmt(reach)} to ${fmt(input.max)}` : `of ${fmt(reach)} and above`;
    ctx.out.report('BAND_GAP', path('bands', reachIndex, 'max'), `values ${to} fall in no band (they score as missing; max is exclusive)`);
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
