/** Every node kind's editor module (card, inspector, defaults), by kind; what the kind is comes from engine/kinds/. Adding a kind: see editor/README.md. */
import { ONCE_KINDS } from '../../../engine/kinds/index.js';
import type { NodeKind, PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import type { NodeKindModule } from './types.js';
import { formulaKind } from './formula/index.js';
import { scorecardKind } from './scorecard/index.js';
import { riskClassKind } from './riskClass/index.js';
import { creditLimitKind } from './creditLimit/index.js';
import { approvalKind } from './approval/index.js';
import { collectionKind } from './collection/index.js';
import { rulesKind } from './rules/index.js';
import { decisionKind } from './decision/index.js';
import { freshNodeId } from '../document/commands.js';

export const NODE_KIND_MODULES: { [K in NodeKind]: NodeKindModule<K> } = {
  formula: formulaKind,
  scorecard: scorecardKind,
  riskClass: riskClassKind,
  creditLimit: creditLimitKind,
  approval: approvalKind,
  collection: collectionKind,
  rules: rulesKind,
  decision: decisionKind,
};

/** Kinds a policy may hold only once: the engine's registry says which (`once` in engine/kinds/). */
export const SINGLETON_KINDS: ReadonlySet<NodeKind> = new Set(ONCE_KINDS);

export function createNode(doc: PolicyDocument, kind: NodeKind): PolicyNode {
  const id = freshNodeId(doc, kind);
  return (NODE_KIND_MODULES[kind] as NodeKindModule<NodeKind>).create(doc, id) as PolicyNode;
}
