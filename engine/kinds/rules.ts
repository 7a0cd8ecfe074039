/** Rules: generic conditions → outcome, reason or variable (knock-outs), json-rules-engine conditions. */
import { KIND_LABELS } from './kind-labels.js';
import { emitRules } from '../compile/emit-rules.js';
import { rulesShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { RulesConfig, RulesNode } from '../model/policy-schema.js';
import { checkRulesNode } from '../validate/check-node-outputs.js';
import type { ConfigPath, NodeKindSpec } from './node-kind-spec.js';

export const rules: NodeKindSpec<'rules'> = {
  kind: 'rules',
  label: KIND_LABELS.rules,
  schema: RulesNode,
  configSchema: RulesConfig,
  once: false,
  required: false,
  produces: PRODUCED_NAMES.rules,
  // A `set` action may yield a number or a boolean: nothing safe to assume.
  outputTypes: (node) => PRODUCED_NAMES.rules(node).map((name) => [name, { type: 'unknown' }]),
  definitionOf: (node, name): ConfigPath => {
    for (const [r, rule] of node.config.rules.entries())
      for (const [a, action] of rule.actions.entries()) if (action.type === 'set' && action.variable === name) return ['rules', r, 'actions', a, 'variable'];
    return ['rules'];
  },
  identifiedLists: (node) => [{ list: 'rules', items: node.config.rules, what: 'rule' }],
  conditions: (node) => node.config.rules.map((r) => r.when),
  reasons: (node) =>
    node.config.rules.flatMap((r, i) => r.actions.flatMap((a, k) => (a.type === 'set' ? [] : [{ reason: a.reason, at: ['rules', i, 'actions', k] }]))),
  // The variables its rules set are visible to its own messages.
  namesInReasons: PRODUCED_NAMES.rules,
  check: (ctx, conditions, node, index) => checkRulesNode(ctx, conditions, node, index),
  emit: (ctx, node) => emitRules(ctx, node),
  diff: rulesShape,
};
