/** Golden tests name only declared inputs and existing classes, levels, scenarios and variables. */
import { checkLevelId } from './check-approval.js';
import { checkScenarioId } from './check-collection.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

export function checkGoldenTests(ctx: PolicyContext): void {
  const { out } = ctx;
  const inputNames = [...ctx.inputs.keys()];
  ctx.doc.tests.forEach((test, t) => {
    const at = (...rest: (string | number)[]) => pointer('tests', t, ...rest);
    for (const fact of Object.keys(test.facts)) {
      if (!ctx.inputs.has(fact)) out.report('TEST_UNKNOWN_FACT', at('facts', fact), says('testUnknownFact', { fact, suggestion: closestName(fact, inputNames) }));
    }
    const expect = test.expect;
    if (typeof expect.riskClass === 'string') {
      const ids = ctx.classIds;
      if (!ids) out.report('UNKNOWN_CLASS', at('expect', 'riskClass'), says('testClassWithoutRiskClass', { class: expect.riskClass }));
      else if (!ids.includes(expect.riskClass)) out.report('UNKNOWN_CLASS', at('expect', 'riskClass'), says('testClassUnknown', { class: expect.riskClass, known: ids, suggestion: closestName(expect.riskClass, ids) }));
    }
    if (typeof expect.approvalLevel === 'string') checkLevelId(ctx, expect.approvalLevel, at('expect', 'approvalLevel'));
    if (typeof expect.collectionScenario === 'string') checkScenarioId(ctx, expect.collectionScenario, at('expect', 'collectionScenario'));
    for (const name of Object.keys(expect.variables ?? {})) {
      resolveName(ctx, name, { nodeIndex: null, path: at('expect', 'variables', name), verb: 'expects variable' });
    }
  });
}
