/**
 * Does a leaf's operator fit its fact and value? Under json-rules-engine's semantics a mismatch
 * does not fail loudly, it just makes the condition always false (or always true): worth telling.
 */
import type { Condition, ScalarValue } from '../model/policy-schema.js';
import type { NameType, PolicyContext } from './policy-context.js';
import { show } from './show-value.js';

type Leaf = Extract<Condition, { operator: unknown }>;
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

const isFactReference = (value: Leaf['value']): value is { fact: string } => value !== null && typeof value === 'object' && !Array.isArray(value);

const literalType = (value: ScalarValue): NameType['type'] | 'null' =>
  value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';

export function checkLeafOperator(ctx: PolicyContext, leaf: Leaf, path: string): void {
  const { out } = ctx;
  const fact = ctx.types.get(leaf.fact) ?? { type: 'unknown' };
  const { operator, value } = leaf;
  const warn = (where: string, detail: string) => out.report('OPERATOR_TYPE_MISMATCH', `${path}/${where}`, detail);

  if (operator === 'in' || operator === 'notIn') {
    if (!Array.isArray(value)) {
      out.report('OPERATOR_VALUE_MISMATCH', `${path}/value`, `operator '${operator}' needs a list of values, e.g. ["A", "B"] (found ${isFactReference(value) ? `fact '${value.fact}'` : show(value)})`);
      return;
    }
    value.forEach((v, i) => checkComparedLiteral(ctx, leaf.fact, fact, v, `${path}/value/${i}`, operator));
    return;
  }
  if (operator === 'contains' || operator === 'doesNotContain') {
    warn('operator', `'${operator}' tests a list fact, but facts and variables are single values, so it is always false; use 'in' or 'notIn' to test against a list`);
    return;
  }
  if (Array.isArray(value)) {
    warn('value', `'${operator}' compares with one value, not a list${operator === 'equal' || operator === 'notEqual' ? `; use '${operator === 'equal' ? 'in' : 'notIn'}'` : ''}`);
    return;
  }
  if (NUMERIC.has(operator)) {
    const valueType = isFactReference(value) ? ctx.types.get(value.fact)?.type ?? 'unknown' : literalType(value);
    // json-rules-engine (and so ours) only asks that parseFloat reads the fact, then uses JS `<`/`>`:
    // "12" > 2 compares numbers, "2024-01-15" > "2023-12-31" compares text.
    const parses = (v: unknown) => !Number.isNaN(Number.parseFloat(String(v)));
    if (fact.type === 'boolean' || (fact.type === 'string' && fact.values && !fact.values.some(parses))) {
      warn('operator', `'${leaf.fact}' is a ${fact.type}${fact.type === 'string' ? ' none of whose values reads as a number' : ''}, so the numeric operator '${operator}' is always false`);
    } else if (fact.type === 'string') {
      warn('operator', `'${leaf.fact}' is a string: '${operator}' is true only when its value starts with a number (json-rules-engine reads it with parseFloat), and then ${valueType === 'string' ? 'compares the two as text ("2024-01-15" > "2023-12-31")' : 'compares it as a number ("12" > 2)'}; declare the input as a number if it is one`);
    }
    if (valueType !== 'number' && valueType !== 'unknown' && fact.type !== 'string') warn('value', `'${operator}' compares numbers, but the value ${isFactReference(value) ? `'${value.fact}' is a ${valueType}` : `${show(value)} is not a number`}`);
    return;
  }
  // equal / notEqual
  if (isFactReference(value)) {
    const other = ctx.types.get(value.fact)?.type ?? 'unknown';
    if (fact.type !== 'unknown' && other !== 'unknown' && fact.type !== other)
      warn('value', `'${leaf.fact}' is a ${fact.type} and '${value.fact}' a ${other}: they are never equal ('${operator}' uses ===)`);
    return;
  }
  checkComparedLiteral(ctx, leaf.fact, fact, value, `${path}/value`, operator);
}

function checkComparedLiteral(ctx: PolicyContext, factName: string, fact: NameType, value: ScalarValue, path: string, operator: string): void {
  const type = literalType(value);
  if (type === 'null' || fact.type === 'unknown') return;
  if (type !== fact.type) {
    ctx.out.report('OPERATOR_TYPE_MISMATCH', path, `'${factName}' is a ${fact.type}, so it never equals the ${type} ${show(value)} ('${operator}' compares with ===)`);
    return;
  }
  if (fact.values && typeof value === 'string' && !fact.values.includes(value)) {
    ctx.out.report('VALUE_NOT_IN_ENUM', path, `${show(value)} is not a possible value of '${factName}' (${fact.values.map(String).join(', ')})`);
  }
}
