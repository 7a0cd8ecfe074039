/** Risk class: classes A–E from the score (one ladder per segment if needed), with overrides. */
import { KIND_LABELS } from './kind-labels.js';
import { emitRiskClass } from '../compile/emit-risk-class.js';
import { riskClassShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { RiskClassConfig, RiskClassNode } from '../model/policy-schema.js';
import { checkRiskClass } from '../validate/check-risk-class.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const riskClass: NodeKindSpec<'riskClass'> = {
  kind: 'riskClass',
  label: KIND_LABELS.riskClass,
  schema: RiskClassNode,
  configSchema: RiskClassConfig,
  once: true,
  required: false,
  produces: PRODUCED_NAMES.riskClass,
  outputTypes: (node) => {
    const [riskClassName, rankName] = PRODUCED_NAMES.riskClass(node);
    return [
      [riskClassName!, { type: 'string', values: node.config.classes.map((c) => c.id) }],
      [rankName!, { type: 'number' }],
    ];
  },
  definitionOf: (node, name) => (node.config.output !== undefined && name === node.config.output ? ['output'] : null),
  identifiedLists: (node) => [
    { list: 'classes', items: node.config.classes, what: 'class' },
    { list: 'overrides', items: node.config.overrides ?? [], what: 'override' },
  ],
  conditions: (node) => [...(node.config.overrides ?? []).map((o) => o.when), ...(node.config.segments ?? []).map((g) => g.when)],
  reasons: (node) => (node.config.overrides ?? []).map((o, i) => ({ reason: o.reason, at: ['overrides', i] })),
  namesInReasons: () => [],
  check: (ctx, conditions, node, index) => checkRiskClass(ctx, conditions, node, index),
  emit: (ctx, node) => emitRiskClass(ctx, node),
  diff: riskClassShape,
};
