/**
 * The node-kind registry: every kind of the policy format and its spec. Adding a kind = one file
 * here + one line below (engine/README.md has the checklist); a kind missing here fails typecheck.
 */
import { NODE_KINDS, type NodeKind, type PolicyNode } from '../model/policy-schema.js';
import { approval } from './approval.js';
import { collection } from './collection.js';
import { creditLimit } from './credit-limit.js';
import { decision } from './decision.js';
import { formula } from './formula.js';
import type { NodeKindRegistry, NodeKindSpec } from './node-kind-spec.js';
import { riskClass } from './risk-class.js';
import { rules } from './rules.js';
import { scorecard } from './scorecard.js';

export type { ConfigPath, IdentifiedList, NodeKindRegistry, NodeKindSpec } from './node-kind-spec.js';

export const NODE_KIND_SPECS: NodeKindRegistry = { formula, scorecard, riskClass, creditLimit, approval, collection, rules, decision };

/**
 * The spec of a node's kind, its methods taking any node. Sound because the spec is picked by the
 * node's own kind; TypeScript cannot follow that correlation through a union, hence the one cast.
 */
export function specOf(node: PolicyNode): NodeKindSpec<NodeKind> {
  return NODE_KIND_SPECS[node.kind] as unknown as NodeKindSpec<NodeKind>;
}

/** Kinds a policy may hold at most once, in the format's order. */
export const ONCE_KINDS: readonly NodeKind[] = NODE_KINDS.filter((kind) => NODE_KIND_SPECS[kind].once);
