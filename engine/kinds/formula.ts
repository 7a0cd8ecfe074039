/** Formula: derived figures (equity ratio, exposure…) in the safe expression language. */
import { KIND_LABELS } from './kind-labels.js';
import { emitFormula } from '../compile/emit-formula.js';
import { formulaShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { FormulaConfig, FormulaNode } from '../model/policy-schema.js';
import { checkFormula } from '../validate/check-node-outputs.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const formula: NodeKindSpec<'formula'> = {
  kind: 'formula',
  label: KIND_LABELS.formula,
  schema: FormulaNode,
  configSchema: FormulaConfig,
  once: false,
  required: false,
  produces: PRODUCED_NAMES.formula,
  // A formula may yield a number or a boolean: nothing safe to assume.
  outputTypes: (node) => PRODUCED_NAMES.formula(node).map((name) => [name, { type: 'unknown' }]),
  definitionOf: (node, name) => ['variables', Math.max(0, node.config.variables.findIndex((v) => v.name === name)), 'name'],
  identifiedLists: () => [],
  conditions: () => [],
  reasons: () => [],
  namesInReasons: () => [],
  check: (ctx, _conditions, node, index) => checkFormula(ctx, node, index),
  emit: (ctx, node) => emitFormula(ctx, node),
  diff: formulaShape,
};
