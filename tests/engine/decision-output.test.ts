/**
 * The parts of a decision the compiler computes through caches and shared tables (reason number
 * formatting, the scorecard figures, frozen criterion results shared between decisions) against
 * plain reference implementations written from the documented rules, on many random inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { formatNumber, formatValue } from '../../engine/compile/format-value.js';
import { roundHalfAway, roundScaled } from '../../engine/expression/decimal-rounding.js';
import type { Decision } from '../../engine/model/decision-schema.js';
import type { Facts, PolicyDocument, ScoreCriterion } from '../../engine/model/policy-schema.js';

/** "," thousands separators, at most 2 decimals (half away from zero), trailing zeros dropped. */
function referenceNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const [whole, decimals] = roundScaled(Math.abs(value), 100).toFixed(2).split('.');
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + `.${decimals}`.replace(/\.?0+$/, '');
  return value < 0 && text !== '0' ? `-${text}` : text;
}

describe('formatNumber', () => {
  const values = fc.oneof(
    fc.integer({ min: -2_000_000, max: 2_000_000 }),
    fc.integer({ min: -1e8, max: 1e8 }).map((cents) => cents / 100),
    fc.integer({ min: -1e7, max: 1e7 }).map((tenThousandths) => tenThousandths / 1e4),
    fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -0, 0.005, -0.005, 0.004, -0.004, 1.005, 999.995, 999.999, 1000, -1000, 0.1 + 0.2, 1e12, NaN, Infinity, -Infinity),
  );

  it('matches the reference, again when asked twice (memoised texts)', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 200 }), (batch) => {
        for (const v of batch) expect(formatNumber(v), String(v)).toBe(referenceNumber(v));
        for (const v of batch) expect(formatNumber(v), String(v)).toBe(referenceNumber(v));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every text right while many more values than the memo holds go through it', () => {
    for (let round = 0; round < 2; round++) {
      for (let cents = -30_000; cents <= 30_000; cents += 7) expect(formatNumber(cents / 100)).toBe(referenceNumber(cents / 100));
      for (let amount = 0; amount <= 3_000_000; amount += 499) expect(formatNumber(amount)).toBe(referenceNumber(amount));
    }
  });

  it('formats the documented examples and the other scalars', () => {
    expect([60000, 0.35, 1234.5, -2500, -0.001, 12.345].map(formatNumber)).toEqual(['60,000', '0.35', '1,234.5', '-2,500', '0', '12.35']);
    expect([undefined, null, 'x', true, false].map(formatValue)).toEqual(['n/a', 'n/a', 'x', 'true', 'false']);
  });
});

type Band = ScoreCriterion['bands'][number];

/** A scorecard policy (one input per criterion) whose decision is mostly its scorecard. */
function scorecardPolicy(criteria: ScoreCriterion[], missingRule: 'points' | 'reweight', explainTop?: number): PolicyDocument {
  return {
    schemaVersion: 1,
    id: 'scorecard-only',
    name: 'Scorecard only',
    currency: 'EUR',
    inputs: criteria.map((c) => ({ name: c.variable, type: 'number', required: false })),
    nodes: [
      { id: 'sc', kind: 'scorecard', config: { output: 'score', scale: { min: 0, max: 100 }, missingRule, ...(explainTop === undefined ? {} : { explainTop }), criteria } },
      { id: 'rules', kind: 'rules', config: { rules: [{ id: 'always', when: { all: [] }, actions: [{ type: 'outcome', outcome: 'accept', reason: { code: 'OK', message: 'ok' } }] }] } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'sc', target: 'd' }, { source: 'rules', target: 'd' }],
    tests: [],
  } as unknown as PolicyDocument;
}

/** The scorecard part of a decision, computed the slow, obvious way. */
function referenceScorecard(criteria: ScoreCriterion[], missingRule: 'points' | 'reweight', explainTop: number, facts: Facts) {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;
  const inBand = (x: unknown, band: Band) =>
    band.values !== undefined
      ? band.values.some((v) => v === x)
      : typeof x === 'number' && (band.min === undefined || x >= band.min) && (band.max === undefined || x < band.max);
  const picked = criteria.map((c) => {
    const x = facts[c.variable];
    const band = c.bands.findIndex((b) => inBand(x, b));
    const missing = band < 0;
    const points = missing ? (missingRule === 'points' ? (c.missingPoints ?? 0) : 0) : c.bands[band].points;
    const weight = missing && missingRule === 'reweight' ? 0 : c.weight!;
    return { c, x, band, missing, points, weight };
  });
  const sw = picked.reduce((s, p) => s + p.weight, 0);
  const results = picked.map(({ c, x, band, missing, points, weight }) => {
    const e = sw > 0 ? (weight * 100) / sw : 0;
    const best = Math.max(...c.bands.map((b) => b.points));
    return {
      id: c.id,
      ...(c.label !== undefined ? { label: c.label } : {}),
      value: x ?? null,
      band: missing ? null : band,
      points,
      weight: r4(e),
      contribution: r4((e * points) / 100),
      lost: r4((e * (best - points)) / 100),
      missing,
    };
  });
  const explained = results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.lost > 0)
    .sort((a, b) => b.r.lost - a.r.lost || a.i - b.i)
    .slice(0, Math.min(explainTop, criteria.length))
    .map(({ r, i }) => ({ code: 'SCORE_CRITERION', message: `${r.label ?? r.id} (${formatValue(picked[i].x)}) cost ${formatValue(r.lost)} points`, nodeId: 'sc', params: { criterion: r.id, value: picked[i].x ?? null, lost: r.lost }, ruleId: r.id }));
  const score = sw > 0 ? roundHalfAway(picked.reduce((s, p) => s + p.weight * p.points, 0) / sw, 2) : null;
  return { score, results, explained };
}

/** Few distinct weights and points, so that equal losses (ties) are common. */
const points = fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 }));
const band = fc.oneof(
  fc.record({ values: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }), points }),
  fc.tuple(fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }), points).map(
    ([min, max, points]) => ({ ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), points }),
  ),
);
const criteria = fc
  .array(
    fc.record({
      label: fc.option(fc.constantFrom('Years', 'Sector', 'Équité'), { nil: undefined }),
      weight: fc.oneof(fc.constantFrom(10, 20), fc.integer({ min: 1, max: 60 })),
      bands: fc.array(band, { minLength: 1, maxLength: 4 }),
      missingPoints: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }), // above the best band: a negative loss
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) =>
    list.map(({ label, missingPoints, ...c }, i) => ({ id: `c${i}`, variable: `v${i}`, ...(label === undefined ? {} : { label }), ...(missingPoints === undefined ? {} : { missingPoints }), ...c }) as ScoreCriterion),
  );
/** Facts for criteria v0…v5: often missing, often on a band edge, sometimes between bands. */
const factsOf = (n: number) =>
  fc.array(fc.option(fc.oneof(fc.integer({ min: -1, max: 8 }), fc.double({ min: -1, max: 8, noNaN: true })), { nil: undefined }), { minLength: n, maxLength: n }).map(
    (values) => Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[`v${i}`, Object.is(v, -0) ? 0 : v]]))) as Facts,
  );

describe('scorecard results, explanations and the shared results', () => {
  it('match the reference for random scorecards and facts, decision after decision', () => {
    fc.assert(
      fc.property(
        criteria.chain((cs) => fc.tuple(fc.constant(cs), fc.constantFrom<'points' | 'reweight'>('points', 'reweight'), fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }), fc.array(factsOf(cs.length), { minLength: 1, maxLength: 8 }))),
        ([cs, missingRule, explainTop, batch]) => {
          const compiled = compilePolicy(scorecardPolicy(cs, missingRule, explainTop));
          for (const facts of batch) {
            const d = compiled.evaluate(facts);
            const expected = referenceScorecard(cs, missingRule, explainTop ?? 3, facts);
            expect(d.score).toBe(expected.score);
            expect(JSON.stringify(d.scorecard)).toBe(JSON.stringify(expected.results));
            expect(d.reasons.filter((r) => r.code === 'SCORE_CRITERION')).toStrictEqual(expected.explained);
            expect(compiled.evaluate(facts, { trace: true }).scorecard).toStrictEqual(d.scorecard);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('ranks huge losses exactly too (beyond what integer loss ranks can hold)', () => {
    const huge = (id: number, weight: number, best: number): ScoreCriterion => ({ id: `c${id}`, variable: `v${id}`, weight, bands: [{ max: 1, points: 0 }, { min: 1, points: best }] });
    const cs = [huge(0, 30, 3e12 + 0.0001), huge(1, 30, 3e12), huge(2, 30, 3e12 + 0.0001), huge(3, 10, 1e13)];
    const compiled = compilePolicy(scorecardPolicy(cs, 'points', 3));
    for (const facts of [{ v0: 0, v1: 0, v2: 0, v3: 0 }, { v0: 0, v1: 0, v2: 0, v3: 2 }, {}] as Facts[]) {
      const expected = referenceScorecard(cs, 'points', 3, facts);
      expect(compiled.evaluate(facts).reasons.filter((r) => r.code === 'SCORE_CRITERION')).toStrictEqual(expected.explained);
    }
  });

  const shared = scorecardPolicy(
    [
      { id: 'years', label: 'Years', variable: 'years', weight: 60, bands: [{ max: 3, points: 0 }, { min: 3, points: 100 }] },
      { id: 'grade', variable: 'grade', weight: 40, bands: [{ values: [2], points: 100 }, { values: [3, 4], points: 0 }, { min: 5, max: 6, points: 50 }] },
    ],
    'points',
  );

  it('shares a frozen result where the row fixes the value (absent, or a single listed value), and a mutation fails without touching later decisions', () => {
    const compiled = compilePolicy(shared);
    const first = compiled.evaluate({ grade: 2 });
    expect(first.scorecard).toEqual([
      { id: 'years', label: 'Years', value: null, band: null, points: 0, weight: 60, contribution: 0, lost: 60, missing: true },
      { id: 'grade', value: 2, band: 0, points: 100, weight: 40, contribution: 40, lost: 0, missing: false },
    ]);
    expect(first.scorecard.every((c) => Object.isFrozen(c))).toBe(true);
    expect(() => {
      (first.scorecard[0] as { lost: number }).lost = 0;
    }).toThrow(TypeError);
    const second: Decision = compiled.evaluate({ grade: 2 });
    expect(second.scorecard).toStrictEqual(first.scorecard);
    expect(second.scorecard).not.toBe(first.scorecard);
    expect(second.reasons).toEqual([{ code: 'SCORE_CRITERION', message: 'Years (n/a) cost 60 points', nodeId: 'sc', params: { criterion: 'years', value: null, lost: 60 }, ruleId: 'years' }, expect.objectContaining({ code: 'OK' })]);
  });

  it('builds a fresh result for a value that varies, and for a value in no band', () => {
    const compiled = compilePolicy(shared);
    const d = compiled.evaluate({ years: 5, grade: 7 });
    expect(d.scorecard).toEqual([
      { id: 'years', label: 'Years', value: 5, band: 1, points: 100, weight: 60, contribution: 60, lost: 0, missing: false },
      { id: 'grade', value: 7, band: null, points: 0, weight: 40, contribution: 0, lost: 40, missing: true },
    ]);
    expect(d.scorecard.some((c) => Object.isFrozen(c))).toBe(false);
    for (const grade of [3, 4, 5.5]) expect(Object.isFrozen(compiled.evaluate({ years: 5, grade }).scorecard[1])).toBe(false);
    d.scorecard[0].points = 0; // a caller may change its own copy
    expect(compiled.evaluate({ years: 5, grade: 7 }).scorecard[0].points).toBe(100);
  });

  it('traces the band a value fell in', () => {
    const compiled = compilePolicy(shared);
    const trace = compiled.evaluate({ years: 1, grade: 2 }, { trace: true }).trace!;
    expect(trace.find((t) => t.nodeId === 'sc')!.matched).toEqual(['years:0', 'grade:0']);
    expect(compiled.evaluate({ years: 1, grade: 4 }, { trace: true }).trace!.find((t) => t.nodeId === 'sc')!.matched).toEqual(['years:0', 'grade:1']);
  });
});
