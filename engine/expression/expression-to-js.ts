/**
 * Turns a checked expression AST into a JavaScript source fragment. No user text is pasted raw:
 * names go through `ref` (the compiler decides what a name becomes), strings through
 * JSON.stringify, numbers through String. The fragment calls the `$op` functions that
 * `runtimeBindings` declares.
 */
import type { ExpressionNode, ParsedExpression } from './parse-expression.js';

const BINARY_FUNCTIONS: Record<string, string> = {
  '+': '$add',
  '-': '$sub',
  '*': '$mul',
  '/': '$div',
  '%': '$mod',
  '<': '$lt',
  '<=': '$le',
  '>': '$gt',
  '>=': '$ge',
  '==': '$eq',
  '===': '$eq',
  '!=': '$ne',
  '!==': '$ne',
};

/** Arithmetic written inline (when temporaries are available) instead of a `$op` call. */
const INLINE_ARITHMETIC: Record<string, string> = { '+': '+', '-': '-', '*': '*', '/': '/' };
const SIMPLE = /^(?:[A-Za-z_$][\w$]*|\(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\))$/;
const NUMBER_LITERAL = /^\(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\)$/;

/**
 * `temp`, when given, hands out fresh local names the caller declares: operations are then
 * written inline with the very semantics of the `$op` functions (a big generated function
 * exceeds V8's inlining budget, so each helper call would stay a real call).
 */
export function expressionToJs(parsed: ParsedExpression | ExpressionNode, ref: (name: string) => string, temp?: () => string): string {
  const root = 'ast' in parsed ? parsed.ast : parsed;
  // An operand read twice must be a local or a literal; anything else goes through a temporary.
  const operand = (js: string, bind: string[]): string => {
    if (SIMPLE.test(js) && js !== 'undefined') return js;
    const t = temp!();
    bind.push(`${t} = ${js}`);
    return t;
  };
  const isNumber = (js: string) => (NUMBER_LITERAL.test(js) ? 'true' : `typeof ${js} === 'number'`);
  const inlineBinary = (op: string, left: string, right: string): string => {
    const bind: string[] = [];
    const a = operand(left, bind);
    const b = operand(right, bind);
    const r = temp!();
    const guards = [isNumber(a), isNumber(b)].filter((g) => g !== 'true');
    if (op === '/' && !(NUMBER_LITERAL.test(b) && Number(b.slice(1, -1)) !== 0)) guards.push(`${b} !== 0`);
    // Same as finite(): a result that is not finite (overflow, 0/0) is missing.
    guards.push(`(${r} = ${a} ${op} ${b}) - ${r} === 0`);
    return `(${[...bind, `${guards.join(' && ')} ? ${r} : undefined`].join(', ')})`;
  };
  const emit = (node: ExpressionNode): string => {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'number') return `(${String(node.value)})`;
        return typeof node.value === 'string' ? JSON.stringify(node.value) : node.value ? 'true' : 'false';
      case 'Identifier':
        return ref(node.name);
      case 'UnaryExpression':
        if (node.operator === '!') return `(!${emit(node.argument)})`;
        return `${node.operator === '-' ? '$neg' : '$pos'}(${emit(node.argument)})`;
      case 'BinaryExpression':
        // && and || give booleans from truthiness (missing, 0, "" and false are false).
        if (node.operator === '&&' || node.operator === '||') return `(!!${emit(node.left)} ${node.operator} !!${emit(node.right)})`;
        if (temp && INLINE_ARITHMETIC[node.operator]) return inlineBinary(INLINE_ARITHMETIC[node.operator], emit(node.left), emit(node.right));
        return `${BINARY_FUNCTIONS[node.operator]}(${emit(node.left)}, ${emit(node.right)})`;
      case 'ConditionalExpression':
        return `(${emit(node.test)} ? ${emit(node.consequent)} : ${emit(node.alternate)})`;
      case 'CallExpression':
        return emitCall(node.callee.name, node.arguments.map(emit), temp);
    }
  };
  return emit(root);
}

function emitCall(name: string, args: string[], temp?: () => string): string {
  switch (name) {
    case 'min':
    case 'max':
    case 'coalesce': {
      if (name === 'coalesce' && temp && args.length > 1) {
        // coalesce(a, b, …) = the first present argument: a chain of conditionals.
        return args.slice(0, -1).reduceRight((rest, arg) => {
          if (SIMPLE.test(arg)) return `(${arg} !== undefined ? ${arg} : ${rest})`;
          const t = temp();
          return `((${t} = ${arg}) !== undefined ? ${t} : ${rest})`;
        }, args[args.length - 1]);
      }
      // Variadic: chained two-argument calls, so no rest-argument array is allocated per call.
      if (args.length === 1) return name === 'coalesce' ? args[0] : `$one(${args[0]})`;
      return args.slice(1).reduce((acc, arg) => `$${name}(${acc}, ${arg})`, args[0]);
    }
    case 'isMissing':
      return `(${args[0]} === undefined)`;
    default:
      return `$${name}(${args.join(', ')})`;
  }
}
