/**
 * A lexical pass run before jsep: it refuses every construct the expression language does not
 * allow, at the exact character where it starts. jsep's AST carries no positions, so this is
 * where positions come from; the AST check in parse-expression.ts is the second line of defence.
 */
import { isExpressionFunction } from './expression-functions.js';

export interface ScanProblem {
  message: string;
  position: number;
}

export interface ScanResult {
  /** Position of each function name that is called, in source order. */
  callPositions: number[];
  problem: ScanProblem | null;
}

/** Names that reach JavaScript internals or mean something other than a fact. */
export const REFUSED_NAMES = new Set([
  'this',
  '__proto__',
  'constructor',
  'prototype',
  'globalThis',
  'window',
  'self',
  'global',
  'process',
  'Function',
  'eval',
  'new',
  'typeof',
  'void',
  'delete',
  'in',
  'instanceof',
  'undefined',
  'null',
  'NaN',
  'Infinity',
]);

const OPERATORS = ['===', '!==', '>>>', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '??', '?.', '**', '=>'];
const ALLOWED_OPERATORS = new Set(['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '?', ':']);
const OPERATOR_CHARS = '+-*/%=!<>&|^~?:';

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c.charCodeAt(0) >= 128;
const isNamePart = (c: string) => isNameStart(c) || isDigit(c);

type Previous = 'operand' | 'name' | 'function' | 'operator' | 'start';

export function scanExpression(source: string): ScanResult {
  const callPositions: number[] = [];
  // Each open parenthesis remembers whether it opened a call (where ',' separates arguments).
  const parens: boolean[] = [];
  let previous: Previous = 'start';
  let i = 0;
  const fail = (message: string, position: number): ScanResult => ({ callPositions, problem: { message, position } });

  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      i = j + 1; // an unclosed string is left for jsep to report
      previous = 'operand';
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      const match = /^\d*\.?\d*(?:[eE][+-]?\d+)?/.exec(source.slice(i))!;
      i += Math.max(1, match[0].length);
      previous = 'operand';
      continue;
    }
    if (isNameStart(c)) {
      const start = i;
      while (i < source.length && isNamePart(source[i])) i++;
      const name = source.slice(start, i);
      if (name === 'true' || name === 'false') {
        previous = 'operand';
        continue;
      }
      if (REFUSED_NAMES.has(name)) return fail(`'${name}' is not allowed in an expression`, start);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return fail(`'${name}' is not a valid name (letters, digits and _ only)`, start);
      let k = i;
      while (source[k] === ' ' || source[k] === '\t' || source[k] === '\n' || source[k] === '\r') k++;
      if (source[k] === '(') {
        if (!isExpressionFunction(name)) return fail(`unknown function '${name}' (allowed: min, max, abs, round, floor, ceil, clamp, coalesce, isMissing)`, start);
        callPositions.push(start);
        previous = 'function';
      } else {
        previous = 'name';
      }
      continue;
    }
    if (c === '(') {
      if (previous === 'operand' || previous === 'name') return fail('only the allowed functions may be called', i);
      parens.push(previous === 'function');
      previous = 'start';
      i++;
      continue;
    }
    if (c === ')') {
      parens.pop();
      previous = 'operand';
      i++;
      continue;
    }
    if (c === ',') {
      if (!parens[parens.length - 1]) return fail("',' is not allowed outside a function's arguments (one expression only)", i);
      previous = 'start';
      i++;
      continue;
    }
    if (c === '.') return fail("member access ('.') is not allowed", i);
    if (c === '[') {
      return previous === 'operand' || previous === 'name'
        ? fail("member access ('[') is not allowed", i)
        : fail('array literals are not allowed', i);
    }
    if (OPERATOR_CHARS.includes(c)) {
      let op = OPERATORS.find((o) => source.startsWith(o, i)) ?? c;
      if (op === '?.' && isDigit(source[i + 2] ?? '')) op = '?'; // `c?.5:1` is a conditional, as in JavaScript
      if (op === '=') return fail("assignment ('=') is not allowed; compare with '=='", i);
      if (!ALLOWED_OPERATORS.has(op)) return fail(`operator '${op}' is not allowed`, i);
      i += op.length;
      previous = 'operator';
      continue;
    }
    return fail(`unexpected character '${c}'`, i);
  }
  return { callPositions, problem: null };
}
