/**
 * Which names (variables) each node kind produces: the one place the compiler, the validator and
 * the editor ask. Each kind's spec (engine/kinds/) points at its entry here; the table lives in
 * model/ because the per-kind checks and emitters read it, and they must not import the registry
 * that imports them.
 */
import type { NodeKind, NodeOfKind, PolicyNode } from './policy-schema.js';

export const DEFAULT_OUTPUT = {
  score: 'score',
  riskClass: 'riskClass',
  creditLimit: 'creditLimit',
} as const;

export const PRODUCED_NAMES: { readonly [K in NodeKind]: (node: NodeOfKind<K>) => string[] } = {
  formula: (node) => node.config.variables.map((v) => v.name),
  scorecard: (node) => [node.config.output ?? DEFAULT_OUTPUT.score],
  riskClass: (node) => {
    const out = node.config.output ?? DEFAULT_OUTPUT.riskClass;
    return [out, `${out}Rank`];
  },
  creditLimit: (node) => [node.config.output ?? DEFAULT_OUTPUT.creditLimit, 'unsecuredLimit', 'limitBase'],
  approval: () => ['approvalOutcome', 'approvalLevel', 'approvalAmount', 'authorityAmount'],
  collection: () => ['collectionScenario'],
  rules: (node) => {
    const names = new Set<string>();
    for (const rule of node.config.rules) for (const a of rule.actions) if (a.type === 'set') names.add(a.variable);
    return [...names];
  },
  decision: () => [],
};

export function producedNames(node: PolicyNode): string[] {
  return (PRODUCED_NAMES[node.kind] as (node: PolicyNode) => string[])(node);
}

/** The risk-class variable a node reads (credit limit and collection nodes depend on the class). */
export function riskClassNameRead(node: PolicyNode): string | null {
  if (node.kind === 'creditLimit' || node.kind === 'collection') return node.config.riskClass ?? DEFAULT_OUTPUT.riskClass;
  return null;
}
