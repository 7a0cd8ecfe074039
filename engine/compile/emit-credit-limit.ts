/**
 * creditLimit (docs/policy-format.md): class parameters bound as names in the capacities;
 * base = lowest present capacity (none → 0), boundBy = the capacity that set it;
 * gross = cents(base + cover if added), clamped to [floor, ceiling], rounded to the step, then
 * clamped again (a step rounding never leaves the bounds); unsecured = max(0, gross − cover − guarantees).
 * A missing cover or guarantee counts as 0.
 */
import type { NodeOfKind } from '../model/policy-schema.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { roundInPlace } from './emit-rounding.js';

const STEP_MODE = { down: 0, nearest: 1, up: 2 } as const;

export function emitCreditLimit(ctx: EmitContext, node: NodeOfKind<'creditLimit'>, resultVariable: string): string[] {
  const config = node.config;
  const path = `${ctx.nodePath}/config`;
  const output = config.output ?? DEFAULT_OUTPUT.creditLimit;
  const lines: string[] = [];

  // Class parameters: one local per parameter name, set by a switch on the class.
  const parameters = new Map<string, string>();
  const table = config.classParameters ?? {};
  for (const values of Object.values(table)) for (const name of Object.keys(values)) if (!parameters.has(name)) parameters.set(name, `p${parameters.size}`);
  if (parameters.size > 0) {
    const riskClass = ctx.ref(config.riskClass ?? DEFAULT_OUTPUT.riskClass, `${path}/riskClass`);
    lines.push(`let ${[...parameters.values()].join(', ')};`);
    const cases = Object.entries(table).map(([classId, values]) => {
      const sets = Object.entries(values).map(([name, value]) => `${parameters.get(name)} = ${value};`);
      return `case ${literal(classId)}: ${sets.join(' ')} break;`;
    });
    lines.push(`switch (${riskClass}) { ${cases.join(' ')} }`);
  }

  const capacities = ctx.withBindings(parameters, () =>
    config.capacities.map((capacity, i) => ctx.expression(capacity.expression, `${path}/capacities/${i}/expression`)),
  );
  lines.push('let base, bound = null;');
  capacities.forEach((js, i) => {
    const id = config.capacities[i].id;
    lines.push(`const c${i} = ${js};`);
    const lower = i === 0 ? '' : ` && (base === undefined || c${i} < base)`;
    lines.push(`if (typeof c${i} === 'number'${lower}) { base = c${i}; bound = ${literal(id)}; }`);
  });
  lines.push(`if (base === undefined) base = 0; else { ${roundInPlace(ctx, 'base', 100)} }`);
  if (ctx.trace) lines.push('if (bound !== null) m.push(bound);');

  const amount = (expression: string | undefined, field: string) =>
    expression === undefined ? '0' : ctx.withBindings(parameters, () => ctx.expression(expression, `${path}/${field}`));
  lines.push(`let cover = ${amount(config.insurerCover, 'insurerCover')}; if (typeof cover !== 'number') cover = 0;`);
  lines.push(`let guarantees = ${amount(config.guarantees, 'guarantees')}; if (typeof guarantees !== 'number') guarantees = 0;`);

  const floor = config.floor ?? 0;
  const clamp = [`if (gross < ${floor}) gross = ${floor};`];
  if (config.ceiling !== undefined) clamp.unshift(`if (gross > ${config.ceiling}) gross = ${config.ceiling};`);
  lines.push(`let gross = base${config.addInsurerCover ? ' + cover' : ''}; ${roundInPlace(ctx, 'gross', 100)}`, ...clamp);
  if (config.rounding) {
    lines.push(`gross = $$roundToStep(gross, ${config.rounding.step}, ${STEP_MODE[config.rounding.mode]});`, ...clamp);
  }
  lines.push(`let unsecured = gross - cover - guarantees; ${roundInPlace(ctx, 'unsecured', 100)} if (unsecured < 0) unsecured = 0;`);

  lines.push(`${local(output)} = gross;`, `${local('unsecuredLimit')} = unsecured;`, `${local('limitBase')} = base;`);
  // The summary variant keeps the two limits only: `cl` the gross, `clu` the unsecured (see emit-policy.ts).
  lines.push(ctx.summary ? `${resultVariable} = gross; clu = unsecured;` : `${resultVariable} = { gross, unsecured, insurerCover: cover, guarantees, boundBy: bound };`);
  for (const name of [output, 'unsecuredLimit', 'limitBase']) ctx.define(name);
  return lines;
}
