/** Collection: every class has a scenario, scenario ids exist, steps run in day order. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { riskClassNameRead } from '../model/names.js';
import type { ConditionChecker } from './check-conditions.js';
import { checkExpression } from './check-expressions.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

export function checkScenarioId(ctx: PolicyContext, scenario: string, path: string, ids: readonly string[] | null = ctx.scenarioIds): void {
  if (!ids) ctx.out.report('UNKNOWN_SCENARIO', path, says('scenarioWithoutCollection', { scenario }));
  else if (!ids.includes(scenario)) ctx.out.report('UNKNOWN_SCENARIO', path, says('scenarioUnknown', { scenario, known: ids, suggestion: closestName(scenario, ids) }));
}

export function checkCollection(ctx: PolicyContext, conditions: ConditionChecker, node: NodeOfKind<'collection'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);
  const scenarioIds = config.scenarios.map((s) => s.id);

  const byClass = Object.entries(config.byClass);
  if (byClass.length > 0) resolveName(ctx, riskClassNameRead(node)!, { nodeIndex: n, path: config.riskClass !== undefined ? at('riskClass') : at('byClass'), verb: 'scenarios by class need the risk class' });
  const classIds = ctx.classIds ?? [];
  for (const [cls, scenario] of byClass) {
    if (ctx.classIds && !ctx.classIds.includes(cls)) out.report('UNKNOWN_CLASS', at('byClass', cls), says('classUnknown', { class: cls, known: classIds, suggestion: closestName(cls, classIds) }));
    checkScenarioId(ctx, scenario, at('byClass', cls), scenarioIds);
  }
  if (config.default !== undefined) checkScenarioId(ctx, config.default, at('default'), scenarioIds);
  else {
    for (const cls of classIds) {
      if (!Object.prototype.hasOwnProperty.call(config.byClass, cls))
        out.report('COLLECTION_CLASS_UNMAPPED', at('byClass'), says('classUnmapped', { class: cls }));
    }
  }

  (config.overrides ?? []).forEach((override, o) => {
    conditions.checkAt(override.when, at('overrides', o, 'when'), n);
    checkScenarioId(ctx, override.scenario, at('overrides', o, 'scenario'), scenarioIds);
  });

  if (typeof config.latePayment?.annualRate === 'string') checkExpression(ctx, config.latePayment.annualRate, { nodeIndex: n, path: at('latePayment', 'annualRate') });
  if (config.latePayment?.invoiceAmount !== undefined) checkExpression(ctx, config.latePayment.invoiceAmount, { nodeIndex: n, path: at('latePayment', 'invoiceAmount') });

  config.scenarios.forEach((scenario, s) => {
    scenario.steps.forEach((step, i) => {
      const before = scenario.steps[i - 1];
      if (before && step.day < before.day)
        out.report('COLLECTION_STEPS_UNORDERED', at('scenarios', s, 'steps', i, 'day'), says('stepsUnordered', { day: step.day, before: before.day }));
    });
  });
}
