/** The only functions an expression may call, with how many arguments each takes. */
export interface FunctionArity {
  min: number;
  /** Infinity for variadic functions. */
  max: number;
}

export const EXPRESSION_FUNCTIONS: Readonly<Record<string, FunctionArity>> = Object.freeze({
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  clamp: { min: 3, max: 3 },
  coalesce: { min: 1, max: Infinity },
  isMissing: { min: 1, max: 1 },
});

/** Own-property check: `toString`, `constructor`… inherited from Object.prototype are not functions of ours. */
export function isExpressionFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(EXPRESSION_FUNCTIONS, name);
}

export function describeArity(arity: FunctionArity): string {
  if (arity.max === Infinity) return `at least ${arity.min} argument${arity.min === 1 ? '' : 's'}`;
  if (arity.min === arity.max) return `${arity.min} argument${arity.min === 1 ? '' : 's'}`;
  return `${arity.min} to ${arity.max} arguments`;
}
