/** rules: every rule that matches fires, in order; actions set outcomes, add reasons, set variables. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { local, type EmitContext } from './emit-context.js';
import { DEFAULT_DECIMALS } from './emit-formula.js';
import { powerOfTen } from '../expression/decimal-rounding.js';
import { combineOutcome, levelRank, matched, pushReason } from './outcome-code.js';
import { roundInPlace } from './emit-rounding.js';

export function emitRules(ctx: EmitContext, node: NodeOfKind<'rules'>): string[] {
  const lines: string[] = [];
  // Variables set by a rule are visible to the later rules of the node (and missing until set).
  for (const rule of node.config.rules) for (const action of rule.actions) if (action.type === 'set') ctx.define(action.variable);
  node.config.rules.forEach((rule, i) => {
    const path = `${ctx.nodePath}/config/rules/${i}`;
    const actions = rule.actions.map((action, j) => {
      const where = `${path}/actions/${j}`;
      switch (action.type) {
        case 'outcome': {
          const rank = levelRank(ctx, action.level, `${where}/level`);
          const reason = pushReason(ctx, action.reason, `${where}/reason`, { ruleId: rule.id, effect: action.outcome });
          return `${reason} ${combineOutcome(action.outcome, rank === null ? null : String(rank))}`;
        }
        case 'reason':
          return pushReason(ctx, action.reason, `${where}/reason`, { ruleId: rule.id });
        case 'set': {
          const v = local(action.variable);
          return `${v} = ${ctx.expression(action.expression, `${where}/expression`)}; if (typeof ${v} === 'number') { ${roundInPlace(ctx, v, powerOfTen(DEFAULT_DECIMALS))} }`;
        }
      }
    });
    lines.push(`if (${ctx.condition(rule.when, `${path}/when`)}) { ${actions.join(' ')} ${matched(ctx, rule.id)}}`);
  });
  return lines;
}
