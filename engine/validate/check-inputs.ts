/** Declared inputs: each type with the settings that make sense for it. */
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';

export function checkInputs(ctx: PolicyContext): void {
  const { out } = ctx;
  ctx.doc.inputs.forEach((input, i) => {
    const numeric = input.type === 'number' || input.type === 'integer';
    if (input.type === 'enum' && (!input.values || input.values.length === 0))
      out.report('INPUT_ENUM_WITHOUT_VALUES', pointer('inputs', i), 'an enum input must list its allowed values');
    if (input.type !== 'enum' && input.values !== undefined)
      out.report('INPUT_VALUES_NOT_ENUM', pointer('inputs', i, 'values'), `lists values but its type is ${input.type}; use type "enum" to restrict it to these values`);
    if (!numeric && (input.min !== undefined || input.max !== undefined))
      out.report('INPUT_BOUNDS_IGNORED', pointer('inputs', i, input.min !== undefined ? 'min' : 'max'), `min/max apply to numbers only; ${input.type === 'enum' ? 'an' : 'a'} ${input.type} input ignores them`);
    if (numeric && input.min !== undefined && input.max !== undefined && input.min > input.max)
      out.report('INPUT_RANGE_INVALID', pointer('inputs', i, 'min'), `${input.min} is above max ${input.max}, so no value is accepted`);
    else if (numeric && input.min !== undefined && input.min === input.max && (input.minInclusive === false || input.maxInclusive === false))
      out.report('INPUT_RANGE_INVALID', pointer('inputs', i, 'min'), `min and max are both ${input.min} and one of them is exclusive, so no value is accepted`);
    if (!numeric && (input.minInclusive !== undefined || input.maxInclusive !== undefined) && input.min === undefined && input.max === undefined)
      out.report('INPUT_BOUNDS_IGNORED', pointer('inputs', i, input.minInclusive !== undefined ? 'minInclusive' : 'maxInclusive'), `bounds apply to numbers only; ${input.type === 'enum' ? 'an' : 'a'} ${input.type} input ignores them`);
  });
}

/** Inputs no node reads: a caller must send them (or may), yet they change no decision. */
export function checkUnusedInputs(ctx: PolicyContext): void {
  ctx.doc.inputs.forEach((input, i) => {
    if (!ctx.used.has(input.name))
      ctx.out.report('INPUT_UNUSED', pointer('inputs', i), `'${input.name}' is read by no node, so it changes no decision${input.required ? ' (yet every request must send it)' : ''}`);
  });
}
