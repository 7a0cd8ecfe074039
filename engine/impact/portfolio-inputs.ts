/**
 * The inputs a portfolio must satisfy to be evaluated by two versions of a policy: a version may
 * add, drop or tighten inputs, and one row feeds both. Parse the file against
 * `portfolioInputs(a, b)` so each row is checked against both declarations at once.
 */
import type { InputDeclaration, PolicyDocument } from '../model/policy-schema.js';

export class InputConflictError extends Error {
  constructor(readonly input: string, message: string) {
    super(message);
    this.name = 'InputConflictError';
  }
}

/**
 * A document carrying only `inputs`: the union of both policies' inputs, each as strict as both
 * (required if either requires it, the narrower range, the common enum values, integer over number).
 * Throws `InputConflictError` when no value can satisfy both (a number in A, a boolean in B).
 * Build it once per simulation: `checkFacts` caches its validator per document object.
 */
export function portfolioInputs(a: PolicyDocument, b: PolicyDocument): PolicyDocument {
  if (a === b) return a;
  const inputs = new Map<string, InputDeclaration>(a.inputs.map((input) => [input.name, input]));
  for (const other of b.inputs) {
    const mine = inputs.get(other.name);
    inputs.set(other.name, mine ? stricter(mine, other, a.id, b.id) : other);
  }
  return { ...a, id: a.id, inputs: [...inputs.values()], nodes: [], edges: [], tests: [] };
}

const NUMERIC = new Set(['number', 'integer']);
const TEXT = new Set(['string', 'enum']);

function stricter(x: InputDeclaration, y: InputDeclaration, idA: string, idB: string): InputDeclaration {
  const name = x.name;
  let type: InputDeclaration['type'];
  if (x.type === y.type) type = x.type;
  else if (NUMERIC.has(x.type) && NUMERIC.has(y.type)) type = 'integer';
  else if (TEXT.has(x.type) && TEXT.has(y.type)) type = 'enum';
  else throw new InputConflictError(name, `input "${name}" is ${article(x.type)} in ${idA} and ${article(y.type)} in ${idB}: one portfolio cannot feed both`);
  const merged: InputDeclaration = { ...x, type, required: x.required || y.required };
  const min = bound(x.min, y.min, Math.max);
  const max = bound(x.max, y.max, Math.min);
  if (min !== undefined) merged.min = min;
  if (max !== undefined) merged.max = max;
  if (min !== undefined && max !== undefined && min > max) throw new InputConflictError(name, `input "${name}" has no value in range for both policies (${min} > ${max})`);
  if (type === 'enum') {
    const values = x.type === 'enum' && y.type === 'enum' ? (x.values ?? []).filter((v) => (y.values ?? []).includes(v)) : (x.type === 'enum' ? x.values : y.values) ?? [];
    if (values.length === 0) throw new InputConflictError(name, `input "${name}" has no value allowed by both policies`);
    merged.values = values;
  }
  return merged;
}

function bound(x: number | undefined, y: number | undefined, pick: (a: number, b: number) => number): number | undefined {
  return x === undefined ? y : y === undefined ? x : pick(x, y);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
