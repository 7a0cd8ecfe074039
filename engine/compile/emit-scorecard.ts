/**
 * scorecard: numeric bands, [min, max) unless minInclusive/maxInclusive say otherwise, or value lists; first matching band counts.
 * score = Σ weight × points / Σ weight over counted criteria (scoring "sum": Σ points), rounded to 2 decimals. A missing
 * value (or one in no band) scores `missingPoints` (rule "points") or drops out (rule "reweight").
 * Per criterion: effective weight (%), contribution = weight × points / 100 and
 * lost = weight × (best band points − points) / 100, both in score points, rounded to 4 decimals.
 */
import type { NodeOfKind, ScoreBand, ScoreCriterion } from '../model/policy-schema.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { roundInPlace } from './emit-rounding.js';
import { matched } from './outcome-code.js';
import { FIGURE, FIGURE_STRIDE, type CriterionLayout, type RowLayout } from './score-figures.js';

export const DEFAULT_EXPLAIN_TOP = 3;

/** A row of the figures table (see score-figures.ts) and the JS test that puts a value `x` in it. */
interface Row extends RowLayout {
  test: ((x: string) => string) | null;
}

/**
 * A criterion's rows in matching order: one per band, then the missing row (no test). A band
 * listing a single value fixes the value of its row, like the missing row does for an absent value.
 */
function rowsOf(criterion: ScoreCriterion, missingPoints: number): Row[] {
  const rows = criterion.bands.map((band, j): Row => {
    const single = band.values?.length === 1;
    return { band: j, points: band.points, fixed: single, value: single ? band.values![0] : null, test: (x: string) => bandTest(x, band) };
  });
  return [...rows, { band: null, points: missingPoints, fixed: true, value: null, test: null }];
}

export function emitScorecard(ctx: EmitContext, node: NodeOfKind<'scorecard'>, resultsVariable: string): string[] {
  const config = node.config;
  const output = config.output ?? DEFAULT_OUTPUT.score;
  const lines: string[] = [];
  const n = config.criteria.length;
  const missingWeighs = config.missingRule === 'points';
  // Sum scoring: every criterion counts fully (weight 100 %), and the score is Σ points.
  const sum = config.scoring === 'sum';
  const weightOf = (criterion: ScoreCriterion) => (sum ? 100 : criterion.weight ?? 0);

  // Figures (effective weight, contribution, lost, texts) depend only on Σ weights and each
  // criterion's row: they are read from a table made once per Σ weights (score-figures.ts).
  // f<i> is the index of criterion i's row in it, set with its band, so a figure is one load.
  const rows = config.criteria.map((criterion) => rowsOf(criterion, missingWeighs ? (criterion.missingPoints ?? config.scale.min) : 0));
  const firstRow = rows.map((_, i) => rows.slice(0, i).reduce((sum, r) => sum + r.length, 0));
  const at = (i: number, row: number) => FIGURE_STRIDE * (firstRow[i] + row);
  config.criteria.forEach((criterion, i) => {
    const path = `${ctx.nodePath}/config/criteria/${i}`;
    const x = `x${i}`;
    lines.push(`const ${x} = ${ctx.ref(criterion.variable, `${path}/variable`)};`);
    lines.push(`let b${i} = -1, p${i} = 0, w${i} = ${weightOf(criterion)}, f${i} = ${at(i, rows[i].length - 1)};`);
    const branches = rows[i].flatMap((row, r) =>
      row.test ? [`if (${row.test(x)}) { b${i} = ${row.band}; p${i} = ${row.points}; f${i} = ${at(i, r)}; ${matched(ctx, `${criterion.id}:${row.band}`)}}`] : [],
    );
    lines.push(branches.join(' else '));
    const missingPoints = criterion.missingPoints ?? config.scale.min;
    lines.push(missingWeighs ? `if (b${i} < 0) p${i} = ${missingPoints};` : `if (b${i} < 0) w${i} = 0;`);
  });

  const range = [...Array(n).keys()];
  lines.push(`const sw = ${range.map((i) => `w${i}`).join(' + ')};`);
  const score = local(output);
  lines.push(`if (sw > 0) { ${score} = (${range.map((i) => `w${i} * p${i}`).join(' + ')}) / ${sum ? '100' : 'sw'}; ${roundInPlace(ctx, score, 100)} } else ${score} = undefined;`);
  ctx.define(output);
  // The summary variant needs the score only: no criterion rows, no explanations.
  if (ctx.summary) return lines;

  const layout: CriterionLayout[] = config.criteria.map((criterion, i) => ({
    id: criterion.id,
    ...(criterion.label !== undefined ? { label: ctx.text(criterion.label) } : {}),
    language: ctx.language,
    weight: weightOf(criterion),
    sum,
    best: Math.max(...criterion.bands.map((b) => b.points)),
    missingWeighs,
    rows: rows[i].map(({ band, points, fixed, value }) => ({ band, points, fixed, value })),
  }));
  const cache = ctx.factoryConstant('new Map()');
  lines.push(`let fig = ${cache}.get(sw); if (fig === undefined) fig = $$scoreFigures(${cache}, sw, ${ctx.constant(layout)});`);
  const results = config.criteria.map((criterion, i) => {
    const fields = [
      `id: ${literal(criterion.id)}`,
      ...(criterion.label !== undefined ? [`label: ${literal(ctx.text(criterion.label))}`] : []),
      `value: x${i}`, // present: an absent value takes the missing row's shared result
      `band: b${i} < 0 ? null : b${i}`,
      `points: p${i}`,
      `weight: fig[f${i} + ${FIGURE.weight}]`,
      `contribution: fig[f${i} + ${FIGURE.contribution}]`,
      `lost: fig[f${i} + ${FIGURE.lost}]`,
      `missing: b${i} < 0`,
    ];
    // A row that fixes the value has its result made once, in the table: a single-value band's
    // row, or the missing row when the value is absent (a value in no band is kept as it is).
    const shared = `fig[f${i} + ${FIGURE.result}]`;
    const fixedBands = rows[i].filter((row) => row.fixed).length - 1;
    const fixedRow = fixedBands === criterion.bands.length
      ? `b${i} >= 0 || x${i} === undefined`
      : fixedBands > 0
        ? `${shared} !== null && (b${i} >= 0 || x${i} === undefined)`
        : `x${i} === undefined`;
    return `${fixedRow} ? ${shared} : { ${fields.join(', ')} }`;
  });
  lines.push(`${resultsVariable} = [${results.join(', ')}];`);
  const explainTop = Math.min(config.explainTop ?? DEFAULT_EXPLAIN_TOP, n);
  if (explainTop > 0) {
    // Losses are ranked by the integer lost × 10,000 (integer comparisons are cheaper), which keeps
    // their order and ties while it stays exact: |lost| is at most the span of the points.
    const points = rows.flat().map((row) => row.points);
    const exact = (Math.max(...points) - Math.min(...points)) * 1e4 < Number.MAX_SAFE_INTEGER;
    const rankBy = exact ? FIGURE.lostRank : FIGURE.lost;
    lines.push(`const ${range.map((i) => `l${i} = fig[f${i} + ${rankBy}]`).join(', ')};`, ...explainCriteria(node, explainTop, ctx.formatter));
  }
  return lines;
}

/**
 * SCORE_CRITERION reasons for the `count` criteria that lost the most points (ties: the earlier
 * criterion first), picked from the losses (or loss ranks) `l<i>` by an unrolled insertion into ranks 0…count-1:
 * no sorting, no array. Rank k keeps the criterion's row g<k> (which names the criterion too),
 * its loss rank m<k> (0 while empty) and its value y<k>, so each message is built by one statement, not
 * a switch over the criteria: the row's "label (", the value, and the row's cost text.
 */
function explainCriteria(node: NodeOfKind<'scorecard'>, count: number, formatter: string): string[] {
  const criteria = node.config.criteria;
  const ranks = [...Array(count).keys()];
  const lines = [`let ${ranks.map((k) => `g${k} = -1, m${k} = 0, y${k}`).join(', ')};`];
  criteria.forEach((_, i) => {
    // Losses held are sorted (non-increasing, empty ranks last at 0), so criterion i belongs at the
    // first rank whose loss it exceeds: probed from the last rank, since most criteria enter none.
    // Only a positive loss ever enters, and a later criterion never passes an equal one.
    const insertAt = (k: number) =>
      [...ranks.slice(k, -1).reverse().map((j) => `g${j + 1} = g${j}; m${j + 1} = m${j}; y${j + 1} = y${j};`), `g${k} = f${i}; m${k} = l${i}; y${k} = x${i};`].join(' ');
    const probe = (k: number): string => (k === 0 ? insertAt(0) : `if (l${i} > m${k - 1}) { ${probe(k - 1)} } else { ${insertAt(k)} }`);
    lines.push(`if (l${i} > m${count - 1}) { ${probe(count - 1)} }`);
  });
  for (const k of ranks) {
    const message = `fig[g${k} + ${FIGURE.explanationStart}] + ${formatter}(y${k}) + fig[g${k} + ${FIGURE.costText}]`;
    const params = `params: { criterion: fig[g${k} + ${FIGURE.ruleId}], value: y${k} === undefined ? null : y${k}, lost: fig[g${k} + ${FIGURE.lost}] }`;
    lines.push(`if (g${k} >= 0) reasons.push({ code: "SCORE_CRITERION", message: ${message}, nodeId: ${literal(node.id)}, ${params}, ruleId: fig[g${k} + ${FIGURE.ruleId}] });`);
  }
  return lines;
}

function bandTest(x: string, band: ScoreBand): string {
  if (band.values !== undefined) return band.values.map((v) => `${x} === ${literal(v)}`).join(' || ');
  const tests = [`typeof ${x} === 'number'`];
  if (band.min !== undefined) tests.push(`${x} ${band.minInclusive === false ? '>' : '>='} ${band.min}`);
  if (band.max !== undefined) tests.push(`${x} ${band.maxInclusive === true ? '<=' : '<'} ${band.max}`);
  return tests.join(' && ');
}
