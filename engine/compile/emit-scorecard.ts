/**
 * scorecard: half-open numeric bands [min, max) or value lists; first matching band counts.
 * score = Σ weight × points / Σ weight over counted criteria, rounded to 2 decimals. A missing
 * value (or one in no band) scores `missingPoints` (rule "points") or drops out (rule "reweight").
 * Per criterion: effective weight (%), contribution = weight × points / 100 and
 * lost = weight × (best band points − points) / 100, both in score points, rounded to 4 decimals.
 */
import type { NodeOfKind, ScoreBand } from '../model/policy-schema.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { matched } from './outcome-code.js';

export const DEFAULT_EXPLAIN_TOP = 3;

export function emitScorecard(ctx: EmitContext, node: NodeOfKind<'scorecard'>, resultsVariable: string): string[] {
  const config = node.config;
  const output = config.output ?? DEFAULT_OUTPUT.score;
  const lines: string[] = [];
  const n = config.criteria.length;

  config.criteria.forEach((criterion, i) => {
    const path = `${ctx.nodePath}/config/criteria/${i}`;
    const x = `x${i}`;
    lines.push(`const ${x} = ${ctx.ref(criterion.variable, `${path}/variable`)};`);
    lines.push(`let b${i} = -1, p${i} = 0, w${i} = ${criterion.weight};`);
    const branches = criterion.bands.map((band, j) => `if (${bandTest(x, band)}) { b${i} = ${j}; p${i} = ${band.points}; ${matched(ctx, `${criterion.id}:${j}`)}}`);
    lines.push(branches.join(' else '));
    const missingPoints = criterion.missingPoints ?? config.scale.min;
    lines.push(config.missingRule === 'points' ? `if (b${i} < 0) p${i} = ${missingPoints};` : `if (b${i} < 0) w${i} = 0;`);
  });

  const range = [...Array(n).keys()];
  lines.push(`const sw = ${range.map((i) => `w${i}`).join(' + ')};`);
  lines.push(`${local(output)} = sw > 0 ? $$round((${range.map((i) => `w${i} * p${i}`).join(' + ')}) / sw, 100) : undefined;`);
  ctx.define(output);

  // Display figures (effective weight, contribution, lost rounded to 4 decimals; cost text) depend only on
  // Σ weights and each criterion's band: computed once per Σ weights into a table (decision-runtime
  // scoreFigures), then read by slot = band index, or the band count for a missing value.
  const slots = config.criteria.map((criterion) => criterion.bands.length + 1);
  const offsets = slots.map((_, i) => 4 * slots.slice(0, i).reduce((a, b) => a + b, 0));
  const layout = ctx.constant(
    config.criteria.map((criterion) => ({
      weight: criterion.weight,
      best: Math.max(...criterion.bands.map((b) => b.points)),
      points: [...criterion.bands.map((b) => b.points), config.missingRule === 'points' ? (criterion.missingPoints ?? config.scale.min) : 0],
      missingWeighs: config.missingRule === 'points',
    })),
  );
  const cache = ctx.factoryConstant('new Map()');
  lines.push(`let fig = ${cache}.get(sw); if (fig === undefined) fig = $$scoreFigures(${cache}, sw, ${layout});`);
  const at = (i: number, field: number) => `fig[${offsets[i]} + 4 * (b${i} < 0 ? ${slots[i] - 1} : b${i}) + ${field}]`;
  lines.push(`const ${range.map((i) => `l${i} = ${at(i, 2)}`).join(', ')};`);
  const results = config.criteria.map((criterion, i) => {
    const fields = [
      `id: ${literal(criterion.id)}`,
      ...(criterion.label !== undefined ? [`label: ${literal(criterion.label)}`] : []),
      `value: x${i} === undefined ? null : x${i}`,
      `band: b${i} < 0 ? null : b${i}`,
      `points: p${i}`,
      `weight: ${at(i, 0)}`,
      `contribution: ${at(i, 1)}`,
      `lost: l${i}`,
      `missing: b${i} < 0`,
    ];
    return `{ ${fields.join(', ')} }`;
  });
  lines.push(`${resultsVariable} = [${results.join(', ')}];`);
  const explainTop = Math.min(config.explainTop ?? DEFAULT_EXPLAIN_TOP, n);
  if (explainTop > 0) lines.push(...explainCriteria(ctx, node, explainTop, (i) => at(i, 3)));
  return lines;
}

/**
 * SCORE_CRITERION reasons for the `count` criteria that lost the most points (ties: the earlier
 * criterion first), picked from the locals `l<i>` by an unrolled insertion into k0…k<count-1>:
 * no sorting, no array; messages are a constant label, the value, and the cached cost text.
 */
function explainCriteria(ctx: EmitContext, node: NodeOfKind<'scorecard'>, count: number, costText: (i: number) => string): string[] {
  const criteria = node.config.criteria;
  const slots = [...Array(count).keys()];
  const lines = [`let ${slots.map((k) => `k${k} = -1, m${k} = 0`).join(', ')};`];
  criteria.forEach((_, i) => {
    // Insert criterion i (lost l<i>) at its rank; a later criterion never passes an equal one.
    const shifts = slots.map((k) => {
      const moveDown = slots.slice(k, -1).reverse().map((j) => `k${j + 1} = k${j}; m${j + 1} = m${j};`).join(' ');
      return `if (k${k} < 0 || l${i} > m${k}) { ${moveDown} k${k} = ${i}; m${k} = l${i}; }`;
    });
    lines.push(`if (l${i} > 0) { ${shifts.join(' else ')} }`);
  });
  const cases = criteria.map((criterion, i) => {
    const message = `${literal(`${criterion.label ?? criterion.id} (`)} + $$fmt(x${i}) + ${costText(i)}`;
    return `case ${i}: reasons.push({ code: "SCORE_CRITERION", message: ${message}, nodeId: ${literal(node.id)}, ruleId: ${literal(criterion.id)} }); break;`;
  });
  for (const k of slots) lines.push(`switch (k${k}) { ${cases.join(' ')} }`);
  return lines;
}

function bandTest(x: string, band: ScoreBand): string {
  if (band.values !== undefined) return band.values.map((v) => `${x} === ${literal(v)}`).join(' || ');
  const tests = [`typeof ${x} === 'number'`];
  if (band.min !== undefined) tests.push(`${x} >= ${band.min}`);
  if (band.max !== undefined) tests.push(`${x} < ${band.max}`);
  return tests.join(' && ');
}
