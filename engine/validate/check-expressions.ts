/** Every expression parses, and every name in it is visible where it is evaluated. */
import { EXPRESSION_MAX_DEPTH, ExpressionError, parseExpression, type ExpressionNode } from '../expression/parse-expression.js';
import { resolveName, type NameUse } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says, type DiagnosticText } from '../i18n/diagnostic-messages.js';

/** Returns the names the expression reads (empty when it does not parse). */
export function checkExpression(ctx: PolicyContext, source: string, use: NameUse): string[] {
  let names: string[];
  try {
    const parsed = parseExpression(source);
    names = parsed.names;
    checkEnumComparisons(ctx, parsed.ast, use.path);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    ctx.out.report(error.code, use.path, describeSyntaxError(source, error));
    return [];
  }
  for (const name of new Set(names)) resolveName(ctx, name, { verb: 'expression uses', ...use });
  return names;
}

/** ExpressionError's message already names the character position and quotes the source. */
function describeSyntaxError(source: string, error: ExpressionError): DiagnosticText {
  if (error.code === 'EXPRESSION_TOO_DEEP') return says('expressionTooDeep', { limit: EXPRESSION_MAX_DEPTH });
  return says('expressionSyntax', { problem: error.message, position: error.position, source, quoted: error.message.includes(source) });
}

const EQUALITY = new Set(['==', '!=', '===', '!==']);

/**
 * `sector == "retial"` against an enum input (or a risk class, level or scenario id) can never be
 * true: the same warning a condition gets. Walked with a stack (expressions nest at most 200 deep).
 */
function checkEnumComparisons(ctx: PolicyContext, ast: ExpressionNode, path: string): void {
  const stack: ExpressionNode[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'BinaryExpression':
        if (EQUALITY.has(node.operator)) {
          for (const [named, other] of [[node.left, node.right], [node.right, node.left]] as const) {
            if (named.type !== 'Identifier' || other.type !== 'Literal' || typeof other.value !== 'string') continue;
            const values = ctx.types.get(named.name)?.values;
            if (values && ctx.types.get(named.name)?.type === 'string' && !values.includes(other.value))
              ctx.out.report('VALUE_NOT_IN_ENUM', path, says('enumComparisonNever', { value: other.value, name: named.name, values }));
          }
        }
        stack.push(node.left, node.right);
        break;
      case 'UnaryExpression':
        stack.push(node.argument);
        break;
      case 'ConditionalExpression':
        stack.push(node.test, node.consequent, node.alternate);
        break;
      case 'CallExpression':
        stack.push(...node.arguments);
        break;
      default:
        break;
    }
  }
}
