/** Scorecard: criteria cut into bands worth points, weighted into a score (or summed). */
import { KIND_LABELS } from './kind-labels.js';
import { emitScorecard } from '../compile/emit-scorecard.js';
import { scorecardShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { ScorecardConfig, ScorecardNode } from '../model/policy-schema.js';
import { checkScorecard } from '../validate/check-scorecard.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const scorecard: NodeKindSpec<'scorecard'> = {
  kind: 'scorecard',
  label: KIND_LABELS.scorecard,
  schema: ScorecardNode,
  configSchema: ScorecardConfig,
  once: false,
  required: false,
  produces: PRODUCED_NAMES.scorecard,
  outputTypes: (node) => PRODUCED_NAMES.scorecard(node).map((name) => [name, { type: 'number' }]),
  definitionOf: (node, name) => (node.config.output !== undefined && name === node.config.output ? ['output'] : null),
  identifiedLists: (node) => [{ list: 'criteria', items: node.config.criteria, what: 'criterion' }],
  conditions: () => [],
  reasons: () => [],
  namesInReasons: () => [],
  check: (ctx, _conditions, node, index) => checkScorecard(ctx, node, index),
  // The primary scorecard's results become the decision's `scorecard`; another's stay local.
  emit: (ctx, node, primary) => (primary ? emitScorecard(ctx, node, 'sc') : ['let results;', ...emitScorecard(ctx, node, 'results')]),
  diff: scorecardShape,
};
