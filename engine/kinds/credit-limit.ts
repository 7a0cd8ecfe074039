/** Credit limit: the lowest of several capacities, per-class parameters, insurer cover, caps, rounding. */
import { KIND_LABELS } from './kind-labels.js';
import { emitCreditLimit } from '../compile/emit-credit-limit.js';
import { creditLimitShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { CreditLimitConfig, CreditLimitNode } from '../model/policy-schema.js';
import { checkCreditLimit } from '../validate/check-credit-limit.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const creditLimit: NodeKindSpec<'creditLimit'> = {
  kind: 'creditLimit',
  label: KIND_LABELS.creditLimit,
  schema: CreditLimitNode,
  configSchema: CreditLimitConfig,
  once: true,
  required: false,
  produces: PRODUCED_NAMES.creditLimit,
  outputTypes: (node) => PRODUCED_NAMES.creditLimit(node).map((name) => [name, { type: 'number' }]),
  definitionOf: (node, name) => (node.config.output !== undefined && name === node.config.output ? ['output'] : null),
  identifiedLists: (node) => [{ list: 'capacities', items: node.config.capacities, what: 'capacity' }],
  conditions: () => [],
  reasons: () => [],
  namesInReasons: () => [],
  check: (ctx, _conditions, node, index) => checkCreditLimit(ctx, node, index),
  // `cl`: the decision's creditLimit field.
  emit: (ctx, node) => emitCreditLimit(ctx, node, 'cl'),
  diff: creditLimitShape,
};
