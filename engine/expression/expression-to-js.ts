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

export function expressionToJs(parsed: ParsedExpression | ExpressionNode, ref: (name: string) => string): string {
  const root = 'ast' in parsed ? parsed.ast : parsed;
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
        return `${BINARY_FUNCTIONS[node.operator]}(${emit(node.left)}, ${emit(node.right)})`;
      case 'ConditionalExpression':
        return `(${emit(node.test)} ? ${emit(node.consequent)} : ${emit(node.alternate)})`;
      case 'CallExpression':
        return emitCall(node.callee.name, node.arguments.map(emit));
    }
  };
  return emit(root);
}

function emitCall(name: string, args: string[]): string {
  switch (name) {
    case 'min':
    case 'max':
    case 'coalesce': {
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
