/** Approval: increasing delegation levels, known levels, and rules that can actually apply. */
import type { Condition, NodeOfKind } from '../model/policy-schema.js';
import type { ConditionChecker } from './check-conditions.js';
import { checkExpression } from './check-expressions.js';
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

/** `{all: []}` and nests of it (`{not: {any: []}}`…): true for every request, as in json-rules-engine. */
export function alwaysTrue(condition: Condition): boolean {
  if ('all' in condition) return condition.all.every(alwaysTrue);
  if ('not' in condition) return alwaysFalse(condition.not);
  return false;
}

function alwaysFalse(condition: Condition): boolean {
  if ('any' in condition) return condition.any.every(alwaysFalse);
  if ('not' in condition) return alwaysTrue(condition.not);
  return false;
}

/** Same condition whatever the key order: JSON with sorted keys. */
function conditionKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(conditionKey).join(',')}]`;
  const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${conditionKey((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function checkLevelId(ctx: PolicyContext, level: string, path: string): void {
  const ids = ctx.levelIds;
  if (!ids) ctx.out.report('UNKNOWN_LEVEL', path, says('levelWithoutApproval', { level }));
  else if (!ids.includes(level)) ctx.out.report('UNKNOWN_LEVEL', path, says('levelUnknown', { level, known: ids, suggestion: closestName(level, ids) }));
}

export function checkApproval(ctx: PolicyContext, conditions: ConditionChecker, node: NodeOfKind<'approval'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);

  if (config.amount !== undefined) checkExpression(ctx, config.amount, { nodeIndex: n, path: at('amount') });
  const escalations = [...config.rules.map((r, i) => [r, at('rules', i, 'outcome')] as const), [config.default, at('default', 'outcome')] as const];
  for (const [decided, where] of escalations) {
    if (decided.outcome === 'escalate' && config.levels.length === 0 && (ctx.levelIds ?? []).length === 0)
      out.report('ESCALATION_WITHOUT_LEVEL', where, says('escalationWithoutLevel', {}));
  }
  if (config.authorityAmount !== undefined) checkExpression(ctx, config.authorityAmount, { nodeIndex: n, path: at('authorityAmount') });

  let previous: { id: string; maxAmount: number } | null = null;
  config.levels.forEach((level, i) => {
    const isLast = i === config.levels.length - 1;
    if (level.maxAmount === null) {
      if (!isLast) out.report('DELEGATION_UNBOUNDED_NOT_LAST', at('levels', i, 'maxAmount'), says('unboundedNotLast', {}));
      return;
    }
    if (previous && level.maxAmount <= previous.maxAmount)
      out.report('DELEGATION_NOT_INCREASING', at('levels', i, 'maxAmount'), says('delegationNotIncreasing', { amount: level.maxAmount, previous: previous.maxAmount, previousLevel: previous.id }));
    if (!previous || level.maxAmount > previous.maxAmount) previous = { id: level.id, maxAmount: level.maxAmount };
    if (isLast) out.report('DELEGATION_CAPPED', at('levels', i, 'maxAmount'), says('delegationCapped', { amount: level.maxAmount }));
  });

  // The compiler computes the amounts before the rules, so rules may read them.
  const amounts = new Set(['approvalAmount', 'authorityAmount']);
  const seen = new Map<string, number>();
  let unconditional: number | null = null;
  config.rules.forEach((rule, r) => {
    conditions.checkAt(rule.when, at('rules', r, 'when'), n, amounts);
    if (rule.level !== undefined) {
      checkLevelId(ctx, rule.level, at('rules', r, 'level'));
      if (rule.outcome !== 'escalate') out.report('LEVEL_IGNORED', at('rules', r, 'level'), says('levelIgnored', { outcome: rule.outcome }));
    }
    const key = conditionKey(rule.when);
    if (unconditional !== null) {
      out.report('UNREACHABLE_RULE', at('rules', r), says('ruleAfterUnconditional', { rule: config.rules[unconditional]!.id }));
    } else if (seen.has(key)) {
      out.report('UNREACHABLE_RULE', at('rules', r), says('ruleSameCondition', { rule: config.rules[seen.get(key)!]!.id }));
    }
    if (!seen.has(key)) seen.set(key, r);
    if (unconditional === null && alwaysTrue(rule.when)) unconditional = r;
  });
  if (unconditional !== null) out.report('UNREACHABLE_RULE', at('default'), says('defaultUnreachable', { rule: config.rules[unconditional]!.id }));
  if (config.default.level !== undefined) {
    checkLevelId(ctx, config.default.level, at('default', 'level'));
    if (config.default.outcome !== 'escalate') out.report('LEVEL_IGNORED', at('default', 'level'), says('levelIgnored', { outcome: config.default.outcome }));
  }
}
