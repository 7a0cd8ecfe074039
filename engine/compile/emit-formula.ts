/** formula: each variable, in order, rounded to its decimals (default 6) unless `round` is false; later ones see earlier ones. */
import { powerOfTen } from '../expression/decimal-rounding.js';
import type { NodeOfKind } from '../model/policy-schema.js';
import { local, type EmitContext } from './emit-context.js';
import { roundInPlace } from './emit-rounding.js';

export const DEFAULT_DECIMALS = 6;

export function emitFormula(ctx: EmitContext, node: NodeOfKind<'formula'>): string[] {
  return node.config.variables.map((variable, i) => {
    const path = `${ctx.nodePath}/config/variables/${i}/expression`;
    const js = ctx.expression(variable.expression, path);
    ctx.define(variable.name);
    const v = local(variable.name);
    // Rounded in place: a statement, so nothing is done for a value that is not a number.
    // Unrounded, only -0 becomes 0, as rounding does (JSON has no -0).
    if (variable.round === false) return `${v} = ${js}; if (${v} === 0) ${v} = 0;`;
    return `${v} = ${js}; if (typeof ${v} === 'number') { ${roundInPlace(ctx, v, powerOfTen(variable.decimals ?? DEFAULT_DECIMALS))} }`;
  });
}
