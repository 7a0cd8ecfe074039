import { describe, expect, it } from 'vitest';
import { conditionToJs } from '../../engine/conditions/condition-to-js.js';
import { conditionNames } from '../../engine/conditions/condition-names.js';
import { CONDITION_RUNTIME, conditionRuntimeBindings } from '../../engine/conditions/condition-runtime.js';
import type { Condition } from '../../engine/model/policy-schema.js';

function holds(condition: Condition, facts: Record<string, unknown>, shared: Record<string, Condition> = {}): boolean {
  const js = conditionToJs(condition, (name) => `f[${JSON.stringify(name)}]`, shared);
  return new Function('$C', 'f', `${conditionRuntimeBindings('$C')} return ${js};`)(CONDITION_RUNTIME, facts);
}
const leaf = (operator: string, value: unknown, fact = 'x'): Condition =>
  ({ fact, operator, value }) as Condition;

describe('conditions, with json-rules-engine 7.3.1 semantics', () => {
  it('equal / notEqual are strict', () => {
    expect(holds(leaf('equal', 1), { x: 1 })).toBe(true);
    expect(holds(leaf('equal', 1), { x: '1' })).toBe(false);
    expect(holds(leaf('equal', 1), {})).toBe(false);
    expect(holds(leaf('notEqual', 1), {})).toBe(true); // undefined !== 1
    expect(holds(leaf('equal', null), {})).toBe(false); // undefined !== null
    expect(holds(leaf('equal', [1]), { x: 1 })).toBe(false);
  });

  it('numeric operators are false unless parseFloat reads the fact', () => {
    expect(holds(leaf('lessThan', 10), { x: 5 })).toBe(true);
    expect(holds(leaf('lessThan', 10), { x: 10 })).toBe(false);
    expect(holds(leaf('lessThanInclusive', 10), { x: 10 })).toBe(true);
    expect(holds(leaf('greaterThan', -1), { x: 0 })).toBe(true);
    expect(holds(leaf('greaterThanInclusive', 0.5), { x: 0.5 })).toBe(true);
    expect(holds(leaf('lessThan', 10), {})).toBe(false);
    expect(holds(leaf('greaterThan', -10), {})).toBe(false); // a missing fact is not 0
    expect(holds(leaf('lessThan', 10), { x: true })).toBe(false); // parseFloat(true) is NaN
    expect(holds(leaf('lessThan', 20), { x: '12' })).toBe(true); // '12' parses; then '12' < 20
    expect(holds(leaf('lessThan', 20), { x: '12abc' })).toBe(false); // parses as 12, but '12abc' < 20 is false
  });

  it('in / notIn: array values by strict equality, a missing fact is not in', () => {
    expect(holds(leaf('in', ['a', 'b']), { x: 'b' })).toBe(true);
    expect(holds(leaf('in', ['a', 'b']), { x: 'c' })).toBe(false);
    expect(holds(leaf('in', [1, 2]), { x: '1' })).toBe(false);
    expect(holds(leaf('in', ['a']), {})).toBe(false);
    expect(holds(leaf('notIn', ['a']), {})).toBe(true);
    expect(holds(leaf('in', []), { x: 1 })).toBe(false);
    expect(holds(leaf('notIn', []), { x: 1 })).toBe(true);
  });

  it('in / notIn with a string value search substrings (String.prototype.indexOf)', () => {
    expect(holds(leaf('in', 'abc'), { x: 'bc' })).toBe(true);
    expect(holds(leaf('notIn', 'abc'), { x: 'bc' })).toBe(false);
    expect(holds(leaf('in', 'abc'), { x: 'z' })).toBe(false);
  });

  it('in / notIn against a value without indexOf: json-rules-engine throws, ours is false', () => {
    expect(holds(leaf('in', 5), { x: 5 })).toBe(false);
    expect(holds(leaf('notIn', 5), { x: 5 })).toBe(false);
    expect(holds(leaf('in', { fact: 'y' }), { x: 5 })).toBe(false);
  });

  it('contains / doesNotContain need an array fact, so flat facts never satisfy them', () => {
    expect(holds(leaf('contains', 'a'), { x: 'abc' })).toBe(false);
    expect(holds(leaf('doesNotContain', 'z'), { x: 'abc' })).toBe(false);
    expect(holds(leaf('doesNotContain', 'z'), {})).toBe(false);
  });

  it('compares with another fact through {fact}', () => {
    const c = leaf('lessThanInclusive', { fact: 'limit' }, 'amount');
    expect(holds(c, { amount: 100, limit: 100 })).toBe(true);
    expect(holds(c, { amount: 101, limit: 100 })).toBe(false);
    expect(holds(c, { amount: 100 })).toBe(false); // 100 <= undefined
    expect(holds(leaf('equal', { fact: 'y' }), {})).toBe(true); // undefined === undefined, as in json-rules-engine
    expect(holds(leaf('in', { fact: 'y' }), { x: 'b', y: 'abc' })).toBe(true);
  });

  it('all / any / not, including the empty lists (both true in json-rules-engine)', () => {
    const yes = leaf('equal', 1);
    const no = leaf('equal', 2);
    expect(holds({ all: [yes, no] }, { x: 1 })).toBe(false);
    expect(holds({ any: [no, yes] }, { x: 1 })).toBe(true);
    expect(holds({ not: no }, { x: 1 })).toBe(true);
    expect(holds({ all: [] }, {})).toBe(true);
    expect(holds({ any: [] }, {})).toBe(true);
    expect(holds({ not: { any: [] } }, {})).toBe(false);
  });

  it('inlines shared conditions and refuses unknown or self-referring ones', () => {
    const shared: Record<string, Condition> = { big: leaf('greaterThan', 100), bigOrFlag: { any: [{ condition: 'big' }, leaf('equal', true, 'flag')] } };
    expect(holds({ condition: 'bigOrFlag' }, { x: 5, flag: true }, shared)).toBe(true);
    expect(holds({ condition: 'bigOrFlag' }, { x: 500 }, shared)).toBe(true);
    expect(holds({ condition: 'bigOrFlag' }, { x: 5 }, shared)).toBe(false);
    expect(() => conditionToJs({ condition: 'nope' }, (n) => n, shared)).toThrow(/unknown shared condition 'nope'/);
    expect(() => conditionToJs({ condition: 'a' }, (n) => n, { a: { not: { condition: 'a' } } })).toThrow(/refers to itself/);
  });

  it('lists the names it reads, through shared conditions', () => {
    const shared: Record<string, Condition> = { s: leaf('equal', { fact: 'z' }, 'y') };
    expect(conditionNames({ all: [leaf('equal', 1, 'x'), { condition: 's' }, { not: leaf('in', [1], 'x') }] }, shared)).toEqual(['x', 'y', 'z']);
  });

  it('never pastes values raw into code', () => {
    expect(holds(leaf('equal', '"); throw new Error("x'), { x: '"); throw new Error("x' })).toBe(true);
  });
});
