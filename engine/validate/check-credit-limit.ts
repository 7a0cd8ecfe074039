/** Credit limit: class parameters for every class, capacity expressions, bounds and rounding. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { riskClassNameRead } from '../model/names.js';
import { checkExpression } from './check-expressions.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

export function checkCreditLimit(ctx: PolicyContext, node: NodeOfKind<'creditLimit'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);
  const parameters = config.classParameters;
  const parameterNames = new Set<string>();

  if (parameters && Object.keys(parameters).length > 0) {
    resolveName(ctx, riskClassNameRead(node)!, { nodeIndex: n, path: config.riskClass !== undefined ? at('riskClass') : at('classParameters'), verb: 'class parameters need the risk class' });
    const sets = Object.entries(parameters);
    for (const [, values] of sets) for (const name of Object.keys(values)) parameterNames.add(name);
    const classIds = ctx.classIds ?? [];
    for (const [cls, values] of sets) {
      if (ctx.classIds && !ctx.classIds.includes(cls)) out.report('UNKNOWN_CLASS', at('classParameters', cls), says('classUnknown', { class: cls, known: classIds, suggestion: closestName(cls, classIds) }));
      const lacking = [...parameterNames].filter((name) => !Object.prototype.hasOwnProperty.call(values, name));
      if (lacking.length > 0) out.report('CLASS_PARAMETERS_INCONSISTENT', at('classParameters', cls), says('classParametersLacking', { class: cls, lacking }));
    }
    for (const cls of classIds) {
      if (!Object.prototype.hasOwnProperty.call(parameters, cls)) out.report('CLASS_PARAMETERS_MISSING', at('classParameters'), says('classParametersMissing', { class: cls }));
    }
  }

  config.capacities.forEach((capacity, c) => {
    checkExpression(ctx, capacity.expression, { nodeIndex: n, path: at('capacities', c, 'expression'), local: parameterNames });
  });
  if (config.insurerCover !== undefined) checkExpression(ctx, config.insurerCover, { nodeIndex: n, path: at('insurerCover'), local: parameterNames });
  if (config.guarantees !== undefined) checkExpression(ctx, config.guarantees, { nodeIndex: n, path: at('guarantees'), local: parameterNames });

  const floor = config.floor ?? 0;
  if (config.ceiling !== undefined && floor > config.ceiling) out.report('LIMIT_BOUNDS_INVALID', at('floor'), says('floorAboveCeiling', { floor, ceiling: config.ceiling }));
  if (config.rounding && config.ceiling !== undefined && config.rounding.mode !== 'down') {
    const { step, mode } = config.rounding;
    const remainder = Math.abs(config.ceiling / step - Math.round(config.ceiling / step));
    if (remainder > 1e-9) out.report('ROUNDING_STEP_MISMATCH', at('rounding', 'step'), says('roundingStepMismatch', { ceiling: config.ceiling, step, mode, reach: Math.ceil(config.ceiling / step) * step }));
  }
}
