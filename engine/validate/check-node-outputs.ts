/** Formula and rules nodes: expressions, conditions and the levels their outcomes name. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { producedNames } from '../model/names.js';
import { checkLevelId } from './check-approval.js';
import type { ConditionChecker } from './check-conditions.js';
import { checkExpression } from './check-expressions.js';
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';

export function checkFormula(ctx: PolicyContext, node: NodeOfKind<'formula'>, n: number): void {
  const variables = node.config.variables;
  variables.forEach((variable, k) => {
    // A later variable may use an earlier one of the same node, not the other way round.
    const earlier = new Set(variables.slice(0, k).map((v) => v.name));
    const later = new Map(
      variables.slice(k).map((v) => [v.name, { itself: v.name === variable.name, variable: variable.name }] as const),
    );
    for (const name of earlier) later.delete(name);
    checkExpression(ctx, variable.expression, { nodeIndex: n, path: pointer('nodes', n, 'config', 'variables', k, 'expression'), local: earlier, later });
  });
}

export function checkRulesNode(ctx: PolicyContext, conditions: ConditionChecker, node: NodeOfKind<'rules'>, n: number): void {
  // The variables a rules node sets are visible to its own rules (missing until a rule sets them).
  const local = new Set(producedNames(node));
  node.config.rules.forEach((rule, r) => {
    const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', 'rules', r, ...rest);
    conditions.checkAt(rule.when, at('when'), n, local);
    rule.actions.forEach((action, a) => {
      if (action.type === 'set') checkExpression(ctx, action.expression, { nodeIndex: n, path: at('actions', a, 'expression'), local });
      if (action.type === 'outcome' && action.level !== undefined) {
        checkLevelId(ctx, action.level, at('actions', a, 'level'));
        if (action.outcome !== 'escalate') ctx.out.report('LEVEL_IGNORED', at('actions', a, 'level'), says('levelIgnored', { outcome: action.outcome }));
      }
    });
  });
}
