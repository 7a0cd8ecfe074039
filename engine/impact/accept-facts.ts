/**
 * The portfolio's fast acceptance of a row's facts. `checkFacts` (ajv, every error collected, a
 * normalised copy) costs several times an evaluation; a portfolio row is almost always good, so
 * the parser first asks this cheaper question: "would checkFacts accept these facts unchanged?".
 * Only when the answer is no does it call `checkFacts`, which then words the problems, so a bad
 * row is reported exactly as before.
 *
 * It accepts a strict subset of what checkFacts accepts: declared inputs only, each of its declared
 * type, finite, within min/max, among the enum values, and every required input present. The
 * facts object given is the parser's own (no null values), so the normalisation checkFacts does
 * (drop nulls, -0 → 0) is done in place.
 */
import type { Facts, InputDeclaration, PolicyDocument } from '../model/policy-schema.js';

export type FactsAcceptor = (facts: Facts) => boolean;

interface InputRule {
  name: string;
  type: InputDeclaration['type'];
  required: boolean;
  min: number;
  max: number;
  values: Set<string> | undefined;
}

const acceptors = new WeakMap<PolicyDocument, FactsAcceptor>();

export function factsAcceptor(document: PolicyDocument): FactsAcceptor {
  let accept = acceptors.get(document);
  if (!accept) {
    accept = buildAcceptor(document);
    acceptors.set(document, accept);
  }
  return accept;
}

function buildAcceptor(document: PolicyDocument): FactsAcceptor {
  const rules: InputRule[] = document.inputs.map((input) => ({
    name: input.name,
    type: input.type,
    required: input.required,
    min: input.min ?? -Infinity,
    max: input.max ?? Infinity,
    values: input.type === 'enum' ? new Set(input.values ?? []) : undefined,
  }));
  const declared = new Set(rules.map((rule) => rule.name));
  const count = rules.length;
  return (facts) => {
    let present = 0;
    for (let i = 0; i < count; i++) {
      const rule = rules[i]!;
      const value = facts[rule.name];
      if (value === undefined) {
        if (rule.required) return false;
        continue;
      }
      present++;
      switch (rule.type) {
        case 'number':
        case 'integer':
          if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max) return false;
          if (rule.type === 'integer' && !Number.isInteger(value)) return false;
          if (value === 0) facts[rule.name] = 0; // -0 → 0, as checkFacts does
          break;
        case 'boolean':
          if (typeof value !== 'boolean') return false;
          break;
        case 'string':
          if (typeof value !== 'string') return false;
          break;
        case 'enum':
          if (typeof value !== 'string' || !rule.values!.has(value)) return false;
          break;
        default:
          return false;
      }
    }
    // Any other key (or a key set to undefined) is left to checkFacts to word.
    if (present === count) return Object.keys(facts).length === count;
    let keys = 0;
    for (const key in facts) {
      if (!declared.has(key) || facts[key] === undefined) return false;
      keys++;
    }
    return keys === present;
  };
}
