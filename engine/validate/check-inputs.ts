/** Declared inputs: each type with the settings that make sense for it. */
import type { Condition } from '../model/policy-schema.js';
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

export function checkInputs(ctx: PolicyContext): void {
  const { out } = ctx;
  ctx.doc.inputs.forEach((input, i) => {
    const numeric = input.type === 'number' || input.type === 'integer';
    if (input.type === 'enum' && (!input.values || input.values.length === 0))
      out.report('INPUT_ENUM_WITHOUT_VALUES', pointer('inputs', i), says('enumWithoutValues', {}));
    if (input.type !== 'enum' && input.values !== undefined)
      out.report('INPUT_VALUES_NOT_ENUM', pointer('inputs', i, 'values'), says('valuesNotEnum', { type: input.type }));
    if (!numeric && (input.min !== undefined || input.max !== undefined))
      out.report('INPUT_BOUNDS_IGNORED', pointer('inputs', i, input.min !== undefined ? 'min' : 'max'), says('boundsIgnored', { type: input.type, minMax: true }));
    if (numeric && input.min !== undefined && input.max !== undefined && input.min > input.max)
      out.report('INPUT_RANGE_INVALID', pointer('inputs', i, 'min'), says('rangeInvalid', { min: input.min, max: input.max }));
    else if (numeric && input.min !== undefined && input.min === input.max && (input.minInclusive === false || input.maxInclusive === false))
      out.report('INPUT_RANGE_INVALID', pointer('inputs', i, 'min'), says('rangeEmptyExclusive', { value: input.min }));
    if (!numeric && (input.minInclusive !== undefined || input.maxInclusive !== undefined) && input.min === undefined && input.max === undefined)
      out.report('INPUT_BOUNDS_IGNORED', pointer('inputs', i, input.minInclusive !== undefined ? 'minInclusive' : 'maxInclusive'), says('boundsIgnored', { type: input.type, minMax: false }));
  });
}

/** Inputs no node reads: a caller must send them (or may), yet they change no decision. */
export function checkUnusedInputs(ctx: PolicyContext): void {
  ctx.doc.inputs.forEach((input, i) => {
    if (!ctx.used.has(input.name))
      ctx.out.report('INPUT_UNUSED', pointer('inputs', i), says('inputUnused', { name: input.name, required: input.required }));
  });
}

/** A requiredWhen condition is checked on the request, before any node runs: it reads inputs only. */
export function checkRequiredWhen(ctx: PolicyContext): void {
  const names = [...ctx.inputs.keys()];
  ctx.doc.inputs.forEach((input, i) => {
    if (input.requiredWhen === undefined) return;
    const seen = new Set<string>();
    const stack: [Condition, string][] = [[input.requiredWhen, pointer('inputs', i, 'requiredWhen')]];
    while (stack.length > 0) {
      const [c, at] = stack.pop()!;
      if ('all' in c) c.all.forEach((x, k) => stack.push([x, `${at}/all/${k}`]));
      else if ('any' in c) c.any.forEach((x, k) => stack.push([x, `${at}/any/${k}`]));
      else if ('not' in c) stack.push([c.not, `${at}/not`]);
      else if ('condition' in c) {
        const shared = ctx.doc.conditions?.[c.condition];
        if (shared && !seen.has(c.condition)) {
          seen.add(c.condition);
          stack.push([shared, at]);
        }
      } else {
        const read = [c.fact, ...(c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) ? [c.value.fact] : [])];
        for (const name of read) {
          if (!ctx.inputs.has(name))
            ctx.out.report('UNKNOWN_NAME', at, says('requiredWhenUnknown', { name, suggestion: closestName(name, names) }));
          else ctx.used.add(name);
        }
      }
    }
  });
}
