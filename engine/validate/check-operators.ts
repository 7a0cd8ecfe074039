/**
 * Does a leaf's operator fit its fact and value? Under json-rules-engine's semantics a mismatch
 * does not fail loudly, it just makes the condition always false (or always true): worth telling.
 */
import type { Condition, ScalarValue } from '../model/policy-schema.js';
import type { NameType, PolicyContext } from './policy-context.js';
import { says, type DiagnosticText } from '../i18n/diagnostic-messages.js';

type Leaf = Extract<Condition, { operator: unknown }>;
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

const isFactReference = (value: Leaf['value']): value is { fact: string } => value !== null && typeof value === 'object' && !Array.isArray(value);

const literalType = (value: ScalarValue): NameType['type'] | 'null' =>
  value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';

export function checkLeafOperator(ctx: PolicyContext, leaf: Leaf, path: string): void {
  const { out } = ctx;
  const fact = ctx.types.get(leaf.fact) ?? { type: 'unknown' };
  const { operator, value } = leaf;
  const warn = (where: string, detail: DiagnosticText) => out.report('OPERATOR_TYPE_MISMATCH', `${path}/${where}`, detail);

  if (operator === 'in' || operator === 'notIn') {
    if (!Array.isArray(value)) {
      out.report('OPERATOR_VALUE_MISMATCH', `${path}/value`, says('operatorNeedsList', { operator, fact: isFactReference(value) ? value.fact : null, value }));
      return;
    }
    value.forEach((v, i) => checkComparedLiteral(ctx, leaf.fact, fact, v, `${path}/value/${i}`, operator));
    return;
  }
  if (operator === 'contains' || operator === 'doesNotContain') {
    warn('operator', says('containsOnScalar', { operator }));
    return;
  }
  if (Array.isArray(value)) {
    warn('value', says('oneValueNotList', { operator, instead: operator === 'equal' ? 'in' : operator === 'notEqual' ? 'notIn' : null }));
    return;
  }
  if (NUMERIC.has(operator)) {
    const valueType = isFactReference(value) ? ctx.types.get(value.fact)?.type ?? 'unknown' : literalType(value);
    // json-rules-engine (and so ours) only asks that parseFloat reads the fact, then uses JS `<`/`>`:
    // "12" > 2 compares numbers, "2024-01-15" > "2023-12-31" compares text.
    const parses = (v: unknown) => !Number.isNaN(Number.parseFloat(String(v)));
    if (fact.type === 'boolean' || (fact.type === 'string' && fact.values && !fact.values.some(parses))) {
      warn('operator', says('numericOnNonNumber', { fact: leaf.fact, type: fact.type, operator }));
    } else if (fact.type === 'string') {
      warn('operator', says('numericOnString', { fact: leaf.fact, operator, asText: valueType === 'string' }));
    }
    if (valueType !== 'number' && valueType !== 'unknown' && fact.type !== 'string') warn('value', says('numericValueNotNumber', { operator, fact: isFactReference(value) ? value.fact : null, valueType, value }));
    return;
  }
  // equal / notEqual
  if (isFactReference(value)) {
    const other = ctx.types.get(value.fact)?.type ?? 'unknown';
    if (fact.type !== 'unknown' && other !== 'unknown' && fact.type !== other)
      warn('value', says('neverEqualFacts', { fact: leaf.fact, type: fact.type, other: value.fact, otherType: other, operator }));
    return;
  }
  checkComparedLiteral(ctx, leaf.fact, fact, value, `${path}/value`, operator);
}

function checkComparedLiteral(ctx: PolicyContext, factName: string, fact: NameType, value: ScalarValue, path: string, operator: string): void {
  const type = literalType(value);
  if (type === 'null' || fact.type === 'unknown') return;
  if (type !== fact.type) {
    ctx.out.report('OPERATOR_TYPE_MISMATCH', path, says('neverEqualsLiteral', { fact: factName, type: fact.type, valueType: type, value, operator }));
    return;
  }
  if (fact.values && typeof value === 'string' && !fact.values.includes(value)) {
    ctx.out.report('VALUE_NOT_IN_ENUM', path, says('valueNotInEnum', { value, name: factName, values: fact.values }));
  }
}
