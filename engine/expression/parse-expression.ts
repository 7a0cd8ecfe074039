/**
 * Parses a formula of the safe expression language (docs/policy-format.md) once, at compile time.
 * Refuses, with the character position, everything the language does not allow: what is left can
 * only read facts/variables, do arithmetic and comparisons, and call the allow-listed functions.
 */
import jsep from 'jsep';
import { EXPRESSION_FUNCTIONS, describeArity, isExpressionFunction } from './expression-functions.js';
import { REFUSED_NAMES, scanExpression } from './scan-expression.js';

export type ExpressionNode =
  | { type: 'Literal'; value: number | string | boolean; raw: string }
  | { type: 'Identifier'; name: string }
  | { type: 'UnaryExpression'; operator: '-' | '+' | '!'; argument: ExpressionNode }
  | { type: 'BinaryExpression'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { type: 'ConditionalExpression'; test: ExpressionNode; consequent: ExpressionNode; alternate: ExpressionNode }
  | { type: 'CallExpression'; callee: { type: 'Identifier'; name: string }; arguments: ExpressionNode[] };

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=' | '&&' | '||';

const BINARY_OPERATORS = new Set<string>(['+', '-', '*', '/', '%', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&&', '||']);
const UNARY_OPERATORS = new Set<string>(['-', '+', '!']);

export interface ParsedExpression {
  source: string;
  /** The checked jsep AST: only the node types of ExpressionNode remain. */
  ast: ExpressionNode;
  /** Facts and variables read, unique, in order of appearance. */
  names: string[];
  /** Functions called, unique, in order of appearance. */
  functions: string[];
}

/** Deepest nesting of operators, calls and parentheses a formula may have (far above any real one). */
export const EXPRESSION_MAX_DEPTH = 200;

export class ExpressionError extends Error {
  readonly position: number;
  readonly source: string;
  /** The diagnostic code this problem is reported under. */
  readonly code: 'EXPRESSION_SYNTAX' | 'EXPRESSION_TOO_DEEP';
  constructor(problem: string, position: number, source: string, code: 'EXPRESSION_SYNTAX' | 'EXPRESSION_TOO_DEEP' = 'EXPRESSION_SYNTAX') {
    super(`${problem} at character ${position} of "${source}"`);
    this.name = 'ExpressionError';
    this.position = position;
    this.source = source;
    this.code = code;
  }
}

/** Nesting depth of a jsep tree, walked with an explicit stack so that no input can overflow ours. */
function treeDepth(tree: jsep.Expression): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[tree, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > EXPRESSION_MAX_DEPTH) return deepest;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'type') continue;
      if (Array.isArray(child)) for (const item of child) stack.push([item, depth + 1]);
      else if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

export function parseExpression(source: string): ParsedExpression {
  if (source.trim() === '') throw new ExpressionError('empty expression', 0, source);
  const scan = scanExpression(source);
  if (scan.problem) throw new ExpressionError(scan.problem.message, scan.problem.position, source);

  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (error) {
    const e = error as Error & { index?: number; description?: string };
    if (error instanceof RangeError) throw new ExpressionError(`nested deeper than ${EXPRESSION_MAX_DEPTH} levels`, 0, source, 'EXPRESSION_TOO_DEEP');
    throw new ExpressionError(e.description ?? e.message, e.index ?? 0, source);
  }
  // A deep formula would overflow the stack of whatever walks it next (checker, compiler, V8's own parser).
  if (treeDepth(tree) > EXPRESSION_MAX_DEPTH) {
    throw new ExpressionError(`nested deeper than ${EXPRESSION_MAX_DEPTH} levels (operators, calls and parentheses)`, 0, source, 'EXPRESSION_TOO_DEEP');
  }

  const names: string[] = [];
  const functions: string[] = [];
  let callIndex = 0;
  const refuse = (problem: string, position = 0): never => {
    throw new ExpressionError(problem, position, source);
  };

  // Walks in source order (left before right, callee before arguments) so the n-th call met here
  // is the n-th call the scanner located.
  const check = (node: jsep.Expression): ExpressionNode => {
    switch (node.type) {
      case 'Literal': {
        const value = node.value;
        if (typeof value === 'number' && !Number.isFinite(value)) refuse('number out of range');
        if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') refuse(`literal ${String(node.raw)} is not allowed`);
        return { type: 'Literal', value: value as number | string | boolean, raw: String(node.raw) };
      }
      case 'Identifier': {
        const name = node.name as string;
        if (REFUSED_NAMES.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) refuse(`'${name}' is not allowed in an expression`, source.indexOf(name));
        if (!names.includes(name)) names.push(name);
        return { type: 'Identifier', name };
      }
      case 'UnaryExpression': {
        const operator = node.operator as string;
        if (!UNARY_OPERATORS.has(operator)) refuse(`operator '${operator}' is not allowed`);
        return { type: 'UnaryExpression', operator: operator as '-' | '+' | '!', argument: check(node.argument as jsep.Expression) };
      }
      case 'BinaryExpression': {
        const operator = node.operator as string;
        if (!BINARY_OPERATORS.has(operator)) refuse(`operator '${operator}' is not allowed`);
        const left = check(node.left as jsep.Expression);
        const right = check(node.right as jsep.Expression);
        return { type: 'BinaryExpression', operator: operator as BinaryOperator, left, right };
      }
      case 'ConditionalExpression': {
        const test = check(node.test as jsep.Expression);
        const consequent = check(node.consequent as jsep.Expression);
        const alternate = check(node.alternate as jsep.Expression);
        return { type: 'ConditionalExpression', test, consequent, alternate };
      }
      case 'CallExpression': {
        const position = scan.callPositions[callIndex++] ?? 0;
        const callee = node.callee as jsep.Expression;
        const name = callee.type === 'Identifier' ? (callee.name as string) : '';
        if (!isExpressionFunction(name)) refuse('only the functions min, max, abs, round, floor, ceil, clamp, coalesce, isMissing may be called', position);
        const args = node.arguments as jsep.Expression[];
        const arity = EXPRESSION_FUNCTIONS[name];
        if (args.length < arity.min || args.length > arity.max) refuse(`${name}() takes ${describeArity(arity)}, not ${args.length}`, position);
        if (!functions.includes(name)) functions.push(name);
        return { type: 'CallExpression', callee: { type: 'Identifier', name }, arguments: args.map(check) };
      }
      default:
        return refuse(`${node.type} is not allowed`);
    }
  };

  return { source, ast: check(tree), names, functions };
}
