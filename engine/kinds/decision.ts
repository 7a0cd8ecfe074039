/** Decision: the answer returned to the caller; the one sink every other node must feed. */
import { KIND_LABELS } from './kind-labels.js';
import { decisionShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { DecisionConfig, DecisionNode } from '../model/policy-schema.js';
import { checkDecision } from '../validate/check-decision.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const decision: NodeKindSpec<'decision'> = {
  kind: 'decision',
  label: KIND_LABELS.decision,
  schema: DecisionNode,
  configSchema: DecisionConfig,
  once: true,
  required: true,
  produces: PRODUCED_NAMES.decision,
  outputTypes: () => [],
  definitionOf: () => null,
  identifiedLists: () => [],
  conditions: () => [],
  reasons: () => [],
  namesInReasons: () => [],
  check: (ctx, _conditions, node, index) => checkDecision(ctx, node, index),
  // The decision object is assembled after every node has run (compile/emit-policy.ts).
  emit: () => [],
  diff: decisionShape,
};
