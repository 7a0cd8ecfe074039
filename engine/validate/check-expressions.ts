/** Every expression parses, and every name in it is visible where it is evaluated. */
import { ExpressionError, parseExpression } from '../expression/parse-expression.js';
import { resolveName, type NameUse } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';

/** Returns the names the expression reads (empty when it does not parse). */
export function checkExpression(ctx: PolicyContext, source: string, use: NameUse): string[] {
  let names: string[];
  try {
    names = parseExpression(source).names;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    ctx.out.report(error.code, use.path, describeSyntaxError(source, error));
    return [];
  }
  for (const name of new Set(names)) resolveName(ctx, name, { verb: 'expression uses', ...use });
  return names;
}

/** ExpressionError's message already names the character position and quotes the source. */
function describeSyntaxError(source: string, error: ExpressionError): string {
  return error.message.includes(source) ? error.message : `${error.message} (at character ${error.position} of "${source}")`;
}
