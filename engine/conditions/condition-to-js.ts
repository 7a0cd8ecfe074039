/**
 * Compiles a json-rules-engine condition into one JavaScript boolean expression with the very
 * meaning json-rules-engine 7.3.1 gives it (run with `allowUndefinedFacts: true`):
 * - `all: []` and `any: []` are both true (its prioritizeAndRun returns true for an empty list);
 * - `equal`/`notEqual` are `===`/`!==`; numeric operators need a fact that parseFloat reads;
 * - `in`/`notIn` call `value.indexOf(fact)`, so a string value matches substrings;
 * - `contains`/`doesNotContain` need an array fact, which flat facts never are: always false.
 * Names go through `ref`; constants are emitted with JSON.stringify; nothing is pasted raw.
 */
import type { Condition, ScalarValue } from '../model/policy-schema.js';

export class ConditionError extends Error {
  readonly conditionName: string | null;
  constructor(message: string, conditionName: string | null) {
    super(message);
    this.name = 'ConditionError';
    this.conditionName = conditionName;
  }
}

type Leaf = Extract<Condition, { fact: string }>;
type LeafValue = Leaf['value'];

const NUMERIC_OPERATORS: Record<string, string> = {
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
};

/** A local name: safe to read twice. */
const SIMPLE = /^[A-Za-z_$][\w$]*$/;

const isFactReference = (value: LeafValue): value is { fact: string } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A scalar constant as JavaScript source. */
const literal = (value: ScalarValue): string => (value === null ? 'null' : JSON.stringify(value));

export function conditionToJs(condition: Condition, ref: (name: string) => string, shared: Record<string, Condition> = {}): string {
  const expanding: string[] = [];
  const emit = (c: Condition): string => {
    if ('all' in c) return c.all.length === 0 ? 'true' : `(${c.all.map(emit).join(' && ')})`;
    if ('any' in c) return c.any.length === 0 ? 'true' : `(${c.any.map(emit).join(' || ')})`;
    if ('not' in c) return `!${emit(c.not)}`;
    if ('condition' in c) {
      const name = c.condition;
      if (!Object.prototype.hasOwnProperty.call(shared, name)) throw new ConditionError(`unknown shared condition '${name}'`, name);
      if (expanding.includes(name)) throw new ConditionError(`shared condition '${name}' refers to itself (${[...expanding, name].join(' → ')})`, name);
      expanding.push(name);
      const js = emit(shared[name]);
      expanding.pop();
      return js;
    }
    return emitLeaf(c, ref);
  };
  return emit(condition);
}

function emitLeaf(leaf: Leaf, ref: (name: string) => string): string {
  const a = ref(leaf.fact);
  const value = leaf.value;
  const b = isFactReference(value) ? ref(value.fact) : null;
  const op = leaf.operator;

  switch (op) {
    case 'equal':
    case 'notEqual': {
      const js = op === 'equal' ? '===' : '!==';
      // A fresh array is never === anything.
      if (Array.isArray(value)) return op === 'equal' ? 'false' : 'true';
      return `(${a} ${js} ${b ?? literal(value as ScalarValue)})`;
    }
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive': {
      // `<` against an array compares with the array's string form, which String() gives here.
      const right = b ?? (Array.isArray(value) ? JSON.stringify(String(value)) : literal(value as ScalarValue));
      // A number is checked inline (NaN is not numeric); anything else asks numberValidator.
      const numeric = SIMPLE.test(a) ? `(typeof ${a} === 'number' ? ${a} === ${a} : $numeric(${a}))` : `$numeric(${a})`;
      return `(${numeric} && ${a} ${NUMERIC_OPERATORS[op]} ${right})`;
    }
    case 'in':
    case 'notIn': {
      if (b !== null) return `${op === 'in' ? '$inValue' : '$notInValue'}(${a}, ${b})`;
      if (Array.isArray(value)) {
        if (value.length === 0) return op === 'in' ? 'false' : 'true';
        // indexOf is strict equality, so an inline chain of === is the same test, without a call.
        const tests = value.map((v) => `${a} ${op === 'in' ? '===' : '!=='} ${literal(v)}`);
        return `(${tests.join(op === 'in' ? ' || ' : ' && ')})`;
      }
      if (typeof value === 'string') return `(${JSON.stringify(value)}.indexOf(${a}) ${op === 'in' ? '> -1' : '=== -1'})`;
      return 'false'; // json-rules-engine throws here (a number, boolean or null has no indexOf)
    }
    case 'contains':
    case 'doesNotContain': {
      const right = b ?? (Array.isArray(value) ? '[]' : literal(value as ScalarValue));
      return `(Array.isArray(${a}) && ${a}.indexOf(${right}) ${op === 'contains' ? '> -1' : '=== -1'})`;
    }
  }
}
