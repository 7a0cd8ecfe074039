/**
 * riskClass: the first class (best to worst) whose minScore the score reaches (or passes, when
 * minScoreInclusive is false); a missing score
 * (or one below every class) gives the worst class, with SCORE_MISSING when missing. Overrides then
 * apply in order: `force` sets the class, `noBetterThan` moves it down to that class if better.
 * Outputs the class id and `<output>Rank` (0 = best).
 */
import type { NodeOfKind } from '../model/policy-schema.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { ENGINE_REASONS } from '../i18n/engine-messages.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { matched, pushReason } from './outcome-code.js';
import { says } from '../i18n/diagnostic-messages.js';

export const SCORE_MISSING_MESSAGE = ENGINE_REASONS.SCORE_MISSING.en;

export function emitRiskClass(ctx: EmitContext, node: NodeOfKind<'riskClass'>): string[] {
  const config = node.config;
  const output = config.output ?? DEFAULT_OUTPUT.riskClass;
  const ids = config.classes.map((c) => c.id);
  const worst = ids.length - 1;
  const score = ctx.ref(config.score, `${ctx.nodePath}/config/score`);
  const lines = [`const s = ${score};`, 'let rk;'];

  const missing = ctx.summary ? '' : `reasons.push({ code: "SCORE_MISSING", message: ${literal(ENGINE_REASONS.SCORE_MISSING[ctx.language])}, nodeId: ${literal(node.id)} });`;
  const ladder = (steps: { rank: number; minScore: number; minScoreInclusive?: boolean }[]) =>
    [...steps.map((c) => `if (s ${c.minScoreInclusive === false ? '>' : '>='} ${c.minScore}) rk = ${c.rank};`), `rk = ${worst};`].join(' else ');
  const own = ladder(config.classes.map((c, rank) => ({ rank, minScore: c.minScore, ...(c.minScoreInclusive !== undefined ? { minScoreInclusive: c.minScoreInclusive } : {}) })));
  // Segmented ladders: the first segment whose condition holds gives the cut-offs.
  const segments = (config.segments ?? []).map((segment, g) => {
    const path = `${ctx.nodePath}/config/segments/${g}`;
    const steps = segment.thresholds.map((t, k) => {
      const rank = ids.indexOf(t.class);
      if (rank < 0) ctx.report('UNKNOWN_CLASS', `${path}/thresholds/${k}/class`, says('compileUnknownClass', { class: t.class, known: ids }));
      return { rank: Math.max(rank, 0), minScore: t.minScore, ...(t.minScoreInclusive !== undefined ? { minScoreInclusive: t.minScoreInclusive } : {}) };
    });
    return `if (${ctx.condition(segment.when, `${path}/when`)}) { ${ladder(steps)} ${matched(ctx, `segment:${segment.id}`)}}`;
  });
  lines.push(`if (typeof s !== 'number') { rk = ${worst}; ${missing} } else ${[...segments, `{ ${own} }`].join(' else ')}`);
  const idTable = ctx.table(ids);
  lines.push(ctx.trace ? `m.push(${idTable}[rk]);` : '');

  (config.overrides ?? []).forEach((override, i) => {
    const path = `${ctx.nodePath}/config/overrides/${i}`;
    const rank = ids.indexOf(override.class);
    if (rank < 0) ctx.report('UNKNOWN_CLASS', `${path}/class`, says('compileUnknownClass', { class: override.class, known: ids }));
    const apply = override.effect === 'force' ? `rk = ${rank};` : `if (rk < ${rank}) rk = ${rank};`;
    const reason = pushReason(ctx, override.reason, `${path}/reason`, { ruleId: override.id });
    lines.push(`if (${ctx.condition(override.when, `${path}/when`)}) { ${rank < 0 ? '' : apply} ${reason} ${matched(ctx, override.id)}}`);
  });

  lines.push(`${local(output)} = ${idTable}[rk];`, `${local(`${output}Rank`)} = rk;`);
  ctx.define(output);
  ctx.define(`${output}Rank`);
  return lines;
}
