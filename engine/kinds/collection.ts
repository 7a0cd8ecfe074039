/** Collection: the dunning scenario for the risk class, dated steps around the due date. */
import { KIND_LABELS } from './kind-labels.js';
import { emitCollection } from '../compile/emit-collection.js';
import { collectionShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { CollectionConfig, CollectionNode } from '../model/policy-schema.js';
import { checkCollection } from '../validate/check-collection.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const collection: NodeKindSpec<'collection'> = {
  kind: 'collection',
  label: KIND_LABELS.collection,
  schema: CollectionNode,
  configSchema: CollectionConfig,
  once: true,
  required: false,
  produces: PRODUCED_NAMES.collection,
  outputTypes: (node) => [['collectionScenario', { type: 'string', values: node.config.scenarios.map((s) => s.id) }]],
  definitionOf: () => null,
  identifiedLists: (node) => [
    { list: 'scenarios', items: node.config.scenarios, what: 'scenario' },
    { list: 'overrides', items: node.config.overrides ?? [], what: 'override' },
  ],
  conditions: (node) => (node.config.overrides ?? []).map((o) => o.when),
  reasons: (node) => (node.config.overrides ?? []).flatMap((o, i) => (o.reason ? [{ reason: o.reason, at: ['overrides', i] }] : [])),
  namesInReasons: () => [],
  check: (ctx, conditions, node, index) => checkCollection(ctx, conditions, node, index),
  // `col`: the decision's collectionScenario field.
  emit: (ctx, node) => emitCollection(ctx, node, 'col'),
  diff: collectionShape,
};
