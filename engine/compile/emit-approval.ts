/**
 * approval: the first matching rule decides, else the default. An escalation goes to the lowest
 * level whose ceiling covers the authority amount (default: the amount), or to the rule's level
 * if higher; when no level covers it the outcome is refuse with NO_AUTHORITY. Without an amount
 * (a rating, an order release), an escalation goes to its level, else the lowest one.
 * Outputs approvalOutcome, approvalLevel, approvalAmount, authorityAmount.
 */
import type { NodeOfKind, OutcomeValue, Reason } from '../model/policy-schema.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { ENGINE_REASONS } from '../i18n/engine-messages.js';
import { combineOutcome, levelRank, matched, pushReason } from './outcome-code.js';
import { says } from '../i18n/diagnostic-messages.js';

export const NO_AUTHORITY_MESSAGE = ENGINE_REASONS.NO_AUTHORITY.en;

export function emitApproval(ctx: EmitContext, node: NodeOfKind<'approval'>): string[] {
  const config = node.config;
  const path = `${ctx.nodePath}/config`;
  const amount = config.amount === undefined ? 'undefined' : ctx.expression(config.amount, `${path}/amount`);
  const lines = [`const amount = ${amount};`];
  lines.push(`const authority = ${config.authorityAmount === undefined ? 'amount' : ctx.expression(config.authorityAmount, `${path}/authorityAmount`)};`);
  // Without any amount, the decision has none to weigh: an escalation goes to its level, else the lowest.
  const amountless = config.amount === undefined && config.authorityAmount === undefined;
  lines.push(`${local('approvalAmount')} = amount;`, `${local('authorityAmount')} = authority;`);
  ctx.define('approvalAmount');
  ctx.define('authorityAmount');
  lines.push('let outcome, rank = -1;');

  // Level ranks: the approval node's levels come first in ctx.levels, in the same order.
  const ceilings = ctx.table(config.levels.map((l) => l.maxAmount));
  const branch = (decided: { outcome: OutcomeValue; level?: string; reason: Reason }, where: string, ruleId: string | undefined) => {
    const reason = (effect: OutcomeValue) => pushReason(ctx, decided.reason, `${where}/reason`, { ...(ruleId ? { ruleId } : {}), effect });
    const trace = matched(ctx, ruleId ?? 'default');
    if (decided.outcome !== 'escalate') {
      return `outcome = ${literal(decided.outcome)}; ${reason(decided.outcome)} ${combineOutcome(decided.outcome, null)} ${trace}`;
    }
    const ruleLevel = levelRank(ctx, decided.level, `${where}/level`);
    if (ctx.levels.length === 0) {
      ctx.report('ESCALATION_WITHOUT_LEVEL', `${where}/outcome`, says('compileEscalationWithoutLevel', {}));
      return '';
    }
    if (amountless) return `rank = ${ruleLevel ?? 0}; outcome = "escalate"; ${reason('escalate')} ${combineOutcome('escalate', 'rank')} ${trace}`;
    const noAuthority = pushReason(ctx, { code: 'NO_AUTHORITY', message: { ...ENGINE_REASONS.NO_AUTHORITY } }, `${where}`, { ...(ruleId ? { ruleId } : {}), effect: 'refuse' });
    return [
      `rank = $$levelFor(authority, ${ceilings});`,
      `if (rank < 0) { outcome = "refuse"; ${reason('escalate')} ${noAuthority} ${combineOutcome('refuse', null)} }`,
      `else { ${ruleLevel !== null ? `if (rank < ${ruleLevel}) rank = ${ruleLevel}; ` : ''}outcome = "escalate"; ${reason('escalate')} ${combineOutcome('escalate', 'rank')} }`,
      trace,
    ].join(' ');
  };

  const branches = config.rules.map((rule, i) => {
    const where = `${path}/rules/${i}`;
    return `if (${ctx.condition(rule.when, `${where}/when`)}) { ${branch(rule, where, rule.id)} }`;
  });
  branches.push(`{ ${branch(config.default, `${path}/default`, undefined)} }`);
  lines.push(branches.join(' else '));

  lines.push(`${local('approvalOutcome')} = outcome;`);
  lines.push(`${local('approvalLevel')} = outcome === "escalate" ? ${ctx.table(ctx.levels)}[rank] : undefined;`);
  ctx.define('approvalOutcome');
  ctx.define('approvalLevel');
  return lines;
}
