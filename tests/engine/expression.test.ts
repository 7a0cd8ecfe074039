import { describe, expect, it } from 'vitest';
import { ExpressionError, parseExpression } from '../../engine/expression/parse-expression.js';
import { expressionToJs } from '../../engine/expression/expression-to-js.js';
import { EXPRESSION_RUNTIME, runtimeBindings } from '../../engine/expression/expression-runtime.js';
import { roundHalfAway } from '../../engine/expression/decimal-rounding.js';

/** Evaluates an expression the way the compiler does: generated source + runtime bindings. */
function run(source: string, values: Record<string, unknown> = {}): unknown {
  const js = expressionToJs(parseExpression(source), (name) => `v[${JSON.stringify(name)}]`);
  return new Function('$E', 'v', `${runtimeBindings('$E')} return ${js};`)(EXPRESSION_RUNTIME, values);
}

function refusal(source: string): { position: number; message: string } {
  try {
    parseExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return { position: (error as ExpressionError).position, message: (error as ExpressionError).message };
  }
  throw new Error(`expected "${source}" to be refused`);
}

describe('parseExpression', () => {
  it('refuses deep nesting with a coded error, not a stack overflow (issue #13, row 12)', () => {
    for (const source of ['-'.repeat(1999) + '1', '!'.repeat(1999) + 'a', 'abs('.repeat(300) + '1' + ')'.repeat(300)]) {
      try {
        parseExpression(source);
        throw new Error('not refused');
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        expect((error as ExpressionError).code).toBe('EXPRESSION_TOO_DEEP');
        expect((error as Error).message).not.toMatch(/call stack/i);
      }
    }
    // 200 levels still compile and run.
    expect(run('-'.repeat(198) + '1')).toBe(1);
  });

  it('lists the names read and the functions called, once each, in order', () => {
    const parsed = parseExpression('min(b, a) + round(a * c, 2) > b ? a : coalesce(d, 0)');
    expect(parsed.names).toEqual(['b', 'a', 'c', 'd']);
    expect(parsed.functions).toEqual(['min', 'round', 'coalesce']);
  });

  it('accepts every allowed construct', () => {
    for (const s of ['1 + 2.5 * x - y / 3 % 2', '"a" == s && s != \'b\' || !t', 'a === b || a !== b', 'x < 1 || x <= 1 || x > 1 || x >= 1', '-x + +y', 'c ? 1 : 0', 'abs(x) + floor(x) + ceil(x) + clamp(x, 0, 1) + max(x, y, 3) + round(x)', 'isMissing(x)', 'true && false']) {
      expect(() => parseExpression(s), s).not.toThrow();
    }
  });

  it.each([
    ['a.b', 1, 'member access'],
    ['a[1]', 1, 'member access'],
    ['a.__proto__', 1, 'member access'],
    ['x + [1, 2]', 4, 'array'],
    ['a, b', 1, "','"],
    ['this', 0, "'this'"],
    ['x + globalThis', 4, "'globalThis'"],
    ["constructor.constructor('return process')()", 0, "'constructor'"],
    ['({}).x', 1, "'{'"],
    ['__proto__', 0, "'__proto__'"],
    ['1 + prototype', 4, "'prototype'"],
    ['a = 1', 2, 'assignment'],
    ['foo(1)', 0, "unknown function 'foo'"],
    ['x + eval("1")', 4, "'eval'"],
    ['(a)(b)', 3, 'called'],
    ['a ?? b', 2, "'??'"],
    ['a | b', 2, "'|'"],
    ['round(1, 2, 3)', 0, 'round() takes 1 to 2 arguments, not 3'],
    ['x + clamp(x, 1)', 4, 'clamp() takes 3 arguments, not 2'],
    ['min()', 0, 'min() takes at least 1 argument'],
    ['1 +', 3, 'Expected expression'],
    ['null', 0, "'null'"],
  ])('refuses %s at character %i', (source, position, words) => {
    const error = refusal(source);
    expect(error.position).toBe(position);
    expect(error.message).toContain(words);
    expect(error.message).toContain(`at character ${position}`);
  });

  it('does not mistake text inside strings for code', () => {
    expect(parseExpression('s == "a.b[0], this"').names).toEqual(['s']);
  });
});

describe('expression semantics (null-safe)', () => {
  it('computes arithmetic with the usual precedence', () => {
    expect(run('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(run('(1 + 2) * 3 % 4')).toBe(1);
    expect(run('-x + 10', { x: 4 })).toBe(6);
  });

  it('makes arithmetic with a missing operand missing', () => {
    expect(run('x + 1')).toBeUndefined();
    expect(run('1 - x')).toBeUndefined();
    expect(run('x * 0')).toBeUndefined();
    expect(run('-x')).toBeUndefined();
  });

  it('makes division and modulo by zero missing, and never yields NaN or Infinity', () => {
    expect(run('1 / x', { x: 0 })).toBeUndefined();
    expect(run('5 % x', { x: 0 })).toBeUndefined();
    expect(run('x * x', { x: 1e200 })).toBeUndefined();
  });

  it('makes comparisons with a missing operand false, == and != included', () => {
    expect(run('x > 1')).toBe(false);
    expect(run('x <= 1')).toBe(false);
    expect(run('x == y')).toBe(false);
    expect(run('x != 1')).toBe(false);
    expect(run('x == 1', { x: 1 })).toBe(true);
    expect(run('x != 1', { x: 2 })).toBe(true);
  });

  it('treats == as === (no coercion)', () => {
    expect(run('x == 1', { x: '1' })).toBe(false);
    expect(run('x == "1"', { x: '1' })).toBe(true);
  });

  it('gives booleans from && || ! by truthiness (missing is false)', () => {
    expect(run('x && 1', { x: 5 })).toBe(true);
    expect(run('x || 0')).toBe(false);
    expect(run('!x')).toBe(true);
    expect(run('x ? "yes" : "no"')).toBe('no');
    expect(run('x > 3 ? "yes" : "no"', { x: 4 })).toBe('yes');
  });

  it('min and max skip missing arguments; all missing is missing', () => {
    expect(run('min(x, 3, y, 2)', { x: undefined, y: 5 })).toBe(2);
    expect(run('max(x, 3, y, 2)', { y: 5 })).toBe(5);
    expect(run('min(x, y)')).toBeUndefined();
    expect(run('max(x)', { x: -1 })).toBe(-1);
  });

  it('coalesce returns the first present value, isMissing tests for missing', () => {
    expect(run('coalesce(x, y, 7)', { y: 0 })).toBe(0);
    expect(run('coalesce(x, y)')).toBeUndefined();
    expect(run('isMissing(x)')).toBe(true);
    expect(run('isMissing(x)', { x: 0 })).toBe(false);
  });

  it('abs floor ceil clamp', () => {
    expect(run('abs(x)', { x: -2.5 })).toBe(2.5);
    expect(run('floor(x)', { x: -2.5 })).toBe(-3);
    expect(run('ceil(x)', { x: 2.1 })).toBe(3);
    expect(run('clamp(x, 0, 10)', { x: 12 })).toBe(10);
    expect(run('clamp(x, 0, 10)', { x: -1 })).toBe(0);
    expect(run('clamp(x, lo, 10)', { x: -1 })).toBe(-1); // a missing bound is not applied
    expect(run('clamp(x, 0, 10)')).toBeUndefined();
  });

  it('round is half away from zero at the given decimals, on the decimal written', () => {
    expect(run('round(x)', { x: 2.5 })).toBe(3);
    expect(run('round(x)', { x: -2.5 })).toBe(-3);
    expect(run('round(x, 2)', { x: 1.005 })).toBe(1.01); // the float of 1.005 is 1.00499999…
    expect(run('round(x, 2)', { x: -1.005 })).toBe(-1.01);
    expect(run('round(x, 2)', { x: 0.285 })).toBe(0.29);
    expect(run('round(x, 1)', { x: 1.04 })).toBe(1);
    expect(run('round(x, -3)', { x: 12500 })).toBe(13000);
    expect(run('round(0.1 + 0.2, 6)')).toBe(0.3);
    expect(run('round(x, 2)')).toBeUndefined();
    expect(roundHalfAway(2.675, 2)).toBe(2.68);
    expect(roundHalfAway(1e20, 2)).toBe(1e20);
  });

  it('cannot reach JavaScript globals: names only go through the ref the compiler gives', () => {
    const js = expressionToJs(parseExpression('Math + JSON'), (name) => `REF(${JSON.stringify(name)})`);
    expect(js).toBe('$add(REF("Math"), REF("JSON"))');
  });

  it('encodes string literals instead of pasting them', () => {
    expect(run('s == "a\\"b"', { s: 'a"b' })).toBe(true);
    expect(run("s == '); throw 1; ('", { s: '); throw 1; (' })).toBe(true);
  });
});
