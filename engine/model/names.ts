/** Which names (variables) each node kind produces: the one place the compiler, the validator and the editor ask. */
import type { PolicyNode } from './policy-schema.js';

export const DEFAULT_OUTPUT = {
  score: 'score',
  riskClass: 'riskClass',
  creditLimit: 'creditLimit',
} as const;

export function producedNames(node: PolicyNode): string[] {
  switch (node.kind) {
    case 'formula':
      return node.config.variables.map((v) => v.name);
    case 'scorecard':
      return [node.config.output ?? DEFAULT_OUTPUT.score];
    case 'riskClass': {
      const out = node.config.output ?? DEFAULT_OUTPUT.riskClass;
      return [out, `${out}Rank`];
    }
    case 'creditLimit':
      return [node.config.output ?? DEFAULT_OUTPUT.creditLimit, 'unsecuredLimit', 'limitBase'];
    case 'approval':
      return ['approvalOutcome', 'approvalLevel', 'approvalAmount', 'authorityAmount'];
    case 'collection':
      return ['collectionScenario'];
    case 'rules': {
      const names = new Set<string>();
      for (const rule of node.config.rules) for (const a of rule.actions) if (a.type === 'set') names.add(a.variable);
      return [...names];
    }
    case 'decision':
      return [];
  }
}

/** The risk-class variable a node reads (credit limit and collection nodes depend on the class). */
export function riskClassNameRead(node: PolicyNode): string | null {
  if (node.kind === 'creditLimit' || node.kind === 'collection') return node.config.riskClass ?? DEFAULT_OUTPUT.riskClass;
  return null;
}
